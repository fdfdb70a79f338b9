import KBModel
import KBExtract
import KBStore

/// The words said at a moment: what `kb quote` shows.
public struct Quote: Sendable, Hashable {
    /// One cited moment with the passages of each transcript of its video.
    public struct Place: Sendable, Hashable {
        public var video: String
        public var seconds: Int
        public var url: String
        public var transcripts: [Excerpt]
    }

    /// The passages of one transcript around a moment.
    public struct Excerpt: Sendable, Hashable {
        public var transcript: String
        public var passages: [StoredPassage]
    }

    /// The claim quoted, when REF is a claim id.
    public var claim: Int64?
    public var claimText: String?
    public var places: [Place]

    /// Seconds shown after a moment when none is asked for.
    public static let defaultContext = 30

    /// The passages at REF (as `kb jump` reads it): for a claim, at each time it cites. At a
    /// moment, the passage under way and those starting within `context` seconds after it,
    /// from every transcript of the video (real videos have several). A video without a
    /// transcript, or a claim citing no readable time, is an error that says so.
    public static func at(_ ref: String, context: Int = defaultContext, in store: Store) throws -> Quote {
        try store.read {
            var quote = Quote(places: [])
            var targets: [(video: String, seconds: Int)]
            switch try Jump.read(ref, in: store) {
            case .moment(let target):
                targets = [(target.video, target.seconds)]
            case .claim(let claim):
                guard let text = try store.claimText(claim) else { throw QueryError.noClaim(claim) }
                quote.claim = claim
                quote.claimText = text
                targets = try store.readableMoments(ofClaim: claim)
                guard !targets.isEmpty else { throw QueryError.noMoment(claim: claim, why: "cites no readable time in a known video") }
            }
            var seen = Set<String>()
            targets = targets.filter { seen.insert("\($0.video)@\($0.seconds)").inserted }
            for target in targets {
                let transcripts = try store.transcripts(ofVideo: target.video)
                let excerpts = try transcripts.map { t in
                    Excerpt(transcript: t.path, passages: try passages(of: t.id, at: Double(target.seconds), context: context, in: store))
                }
                quote.places.append(Place(video: target.video, seconds: target.seconds,
                                            url: YouTubeURL.watch(target.video, seconds: target.seconds), transcripts: excerpts))
            }
            if quote.places.allSatisfy({ $0.transcripts.isEmpty }) {
                let videos = Array(Set(quote.places.map(\.video))).sorted()
                throw QueryError.noTranscript(videos: videos)
            }
            return quote
        }
    }

    /// The passage under way at `seconds` (or, in a silence, the last one before it) and those
    /// starting up to `context` seconds after it.
    static func passages(of transcript: Int64, at seconds: Double, context: Int, in store: Store) throws -> [StoredPassage] {
        let near = try store.passages(ofTranscript: transcript, from: seconds - 120, to: seconds + Double(max(0, context)))
        let before = near.last { $0.start <= seconds }
        return near.filter { p in
            p.id == before?.id || (p.start > seconds && p.start <= seconds + Double(max(0, context)))
        }
    }
}
