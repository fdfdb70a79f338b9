import KBModel
import KBExtract
import KBAlign
import KBStore

/// What `kb verify` reports: each cited claim's verdict, and counts per note and per channel.
public struct VerifyReport: Sendable, Hashable {
    public struct Counts: Sendable, Hashable, Codable {
        public var supported = 0
        public var drifted = 0
        public var unsupported = 0
        public var noTranscript = 0

        public var total: Int { supported + drifted + unsupported + noTranscript }

        mutating func add(_ v: Verdict) {
            switch v {
            case .supported: supported += 1
            case .drifted: drifted += 1
            case .unsupported: unsupported += 1
            case .noTranscript: noTranscript += 1
            }
        }
    }

    public var claims: [VerifiedClaim]
    /// Per note path, in order.
    public var notes: [(path: String, counts: Counts)]
    /// Per channel (the notes' channel or folder; merged names as `kb channels` merges them), sorted.
    public var channels: [(channel: String, counts: Counts)]
    /// Transcripts against which most of a video's claims are unsupported: probably another
    /// video's (path, claims checked, unsupported).
    public var suspectTranscripts: [(transcript: String, video: String, claims: Int, unsupported: Int)]

    public static func == (a: VerifyReport, b: VerifyReport) -> Bool { a.claims == b.claims }
    public func hash(into h: inout Hasher) { h.combine(claims) }
}

public enum Verify {
    /// A transcript is suspect when at least this many claims were checked against it...
    public static let suspectMinimum = 5
    /// ...and more than this share of them is unsupported.
    public static let suspectShare = 0.5

    /// The verdicts of the claims in scope (`kb index` computed them); a `--note` or
    /// `--video` that names nothing is a usage error.
    public static func report(_ scope: VerifyScope, in store: Store) throws -> VerifyReport {
        var scope = scope
        if let note = scope.note { scope.note = try store.resolveNote(note).path }
        if let video = scope.video { scope.video = try store.resolveVideo(video) }
        let claims = try store.verifiedClaims(scope)
        var notes: [(String, VerifyReport.Counts)] = []
        var channels: [String: VerifyReport.Counts] = [:]
        var byTranscript: [String: (video: String, claims: Int, unsupported: Int)] = [:]
        // One show under two names counts once, under the name `kb channels` lists it by.
        var shown: [String: String] = [:]
        for channel in try store.channels() { for other in channel.otherNames { shown[other] = channel.name } }
        for c in claims {
            if notes.last?.0 != c.note { notes.append((c.note, .init())) }
            notes[notes.count - 1].1.add(c.verdict)
            let channel = c.channel ?? Self.folder(of: c.note)
            channels[shown[channel] ?? channel, default: .init()].add(c.verdict)
            if let t = c.transcript, c.verdict != .noTranscript {
                var entry = byTranscript[t] ?? (c.video, 0, 0)
                entry.claims += 1
                if c.verdict == .unsupported { entry.unsupported += 1 }
                byTranscript[t] = entry
            }
        }
        let suspects = byTranscript.filter { $0.value.claims >= suspectMinimum && Double($0.value.unsupported) > suspectShare * Double($0.value.claims) }
            .map { (transcript: $0.key, video: $0.value.video, claims: $0.value.claims, unsupported: $0.value.unsupported) }
            .sorted { $0.transcript < $1.transcript }
        return VerifyReport(claims: claims, notes: notes.map { (path: $0.0, counts: $0.1) },
                            channels: channels.sorted { $0.key < $1.key }.map { (channel: $0.key, counts: $0.value) },
                            suspectTranscripts: suspects)
    }

    static func folder(of path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : "(no channel)"
    }
}
