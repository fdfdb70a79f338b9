import KBModel
import KBExtract
import KBStore
/// A search over claims, as a user asks it.
public struct SearchRequest: Sendable, Hashable {
    public var query: String
    public var limit: Int = 20
    /// Channel slug or display name, case-insensitive.
    public var channel: String?
    public var video: String?
    /// Note slug or path.
    public var note: String?
    /// Only claims attributed to this speaker: full name or surname, case-insensitive.
    public var speaker: String?

    public init(query: String, limit: Int = 20, channel: String? = nil, video: String? = nil, note: String? = nil,
                speaker: String? = nil) {
        self.query = query
        self.limit = limit
        self.channel = channel
        self.video = video
        self.note = note
        self.speaker = speaker
    }

    var filter: ClaimFilter { ClaimFilter(channel: channel, video: video, note: note, speaker: speaker) }
}


extension Store {
    /// Claims ranked by bm25 (title and section weigh more than text).
    /// User text is turned into a safe MATCH expression first; bad syntax is a usage error.
    public func search(_ request: SearchRequest) throws -> [SearchHit] {
        let match = try FTSQuery.matchExpression(for: request.query)
        guard request.limit > 0 else { return [] }
        return try searchClaims(match: match, filter: request.filter, limit: request.limit)
    }
}
