import KBModel
import KBExtract
import KBStore
/// Where `kb jump` sends a user: a video at a second.
public struct JumpTarget: Sendable, Hashable, Codable {
    public var video: String
    public var seconds: Int
    public var url: String
}

public enum Jump {
    /// Resolves `REF`: a claim id, `VIDEO@TIME` or `NOTE@TIME` (TIME as `14:23`,
    /// `00:14:23`, `863` or `14m23s`).
    public static func resolve(_ ref: String, in store: Store) throws -> JumpTarget {
        switch try read(ref, in: store) {
        case .moment(let target): return target
        case .claim(let claim):
            guard let found = try store.firstMoment(ofClaim: claim) else { throw noMoment(claim, in: store) }
            return JumpTarget(video: found.video, seconds: found.seconds, url: YouTubeURL.watch(found.video, seconds: found.seconds))
        }
    }

    /// Why a claim gives no moment to jump to, said precisely: not in the index, no citation,
    /// no readable one, or no video to cite.
    static func noMoment(_ claim: Int64, in store: Store) -> QueryError {
        guard (try? store.claimText(claim)) != nil else { return .noClaim(claim) }
        let written = (try? store.moments(ofClaims: [claim], likely: false)[claim]) ?? []
        if written.isEmpty { return .noMoment(claim: claim, why: "cites no moment (kb search shows its note and line)") }
        if written.allSatisfy({ $0.seconds == nil }) {
            return .noMoment(claim: claim, why: "cites no readable time: \(written.map(\.raw).joined(separator: ", "))")
        }
        return .noMoment(claim: claim, why: "cites a time, but neither the citation nor its note names a video")
    }

    /// What a REF names: a moment of a video, or a claim (whose citations are the moments).
    public enum Reference: Sendable, Hashable {
        case moment(JumpTarget)
        case claim(Int64)
    }

    /// Reads `REF` as `kb jump`, `kb quote` and the MCP tools take it; `VIDEO@TIME` and
    /// `NOTE@TIME` are resolved to a video, a claim id is only checked for shape.
    public static func read(_ ref: String, in store: Store) throws -> Reference {
        let trimmed = ref.trimmingWhitespace
        if let at = trimmed.lastIndex(of: "@") {
            let name = String(trimmed[trimmed.startIndex..<at]).trimmingWhitespace
            let time = String(trimmed[trimmed.index(after: at)...])
            guard !name.isEmpty else { throw QueryError.unreadable("jump needs a video or note before @ (VIDEO@TIME or NOTE@TIME)") }
            guard let seconds = TimeText.userSeconds(time) else {
                throw QueryError.unreadable("cannot read the time '\(time)': use 14:23, 00:14:23, 863 or 14m23s")
            }
            let video = try store.resolveVideo(name, anyID: true)
            return .moment(JumpTarget(video: video, seconds: seconds, url: YouTubeURL.watch(video, seconds: seconds)))
        }
        guard let claim = Int64(trimmed), claim > 0 else {
            throw QueryError.unreadable("cannot read '\(ref)': give a claim id from kb search, VIDEO@TIME or NOTE@TIME")
        }
        return .claim(claim)
    }
}
