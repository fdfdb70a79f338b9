import KBModel
import KBExtract

extension Store {
    /// The first readable citation of a claim, in the video it belongs to.
    public func firstMoment(ofClaim claim: Int64) throws -> (video: String, seconds: Int)? {
        let rows = try db.rows("""
            SELECT coalesce(t.video_id, n.video_id) AS video, t.seconds FROM timestamps t JOIN notes n ON n.id = t.note
            WHERE t.claim = ? AND t.seconds IS NOT NULL AND coalesce(t.video_id, n.video_id) IS NOT NULL
            ORDER BY t.id LIMIT 1
            """, claim)
        guard let row = rows.first, let video = row.string("video"), let seconds = row.int("seconds") else { return nil }
        // A time the video cannot have jumps to its likely reading (docs/citations.md).
        return (video, try likelyReadings(videos: [video])[video]?[Int(seconds)] ?? Int(seconds))
    }

    /// Every readable citation of a claim, in the video it belongs to, in the order written.
    public func readableMoments(ofClaim claim: Int64) throws -> [(video: String, seconds: Int)] {
        try db.rows("""
            SELECT coalesce(t.video_id, n.video_id) AS video, t.seconds FROM timestamps t JOIN notes n ON n.id = t.note
            WHERE t.claim = ? AND t.seconds IS NOT NULL AND coalesce(t.video_id, n.video_id) IS NOT NULL
            ORDER BY t.id
            """, claim).compactMap { row in
            guard let video = row.string("video"), let seconds = row.int("seconds") else { return nil }
            return (video, Int(seconds))
        }
    }

    /// A claim's text, or nil when the index has no such claim.
    public func claimText(_ claim: Int64) throws -> String? {
        try db.rows("SELECT text FROM claims WHERE id = ?", claim).first?.string("text")
    }
}
