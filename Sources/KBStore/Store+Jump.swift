import KBModel
import KBExtract

extension Store {
    /// The video a name means: a known video id, a note's slug or path, or any
    /// string shaped like a YouTube id.
    public func videoID(forVideoOrNote name: String) throws -> String? {
        if try db.scalarInt("SELECT 1 FROM notes WHERE video_id = ? UNION SELECT 1 FROM videos WHERE video_id = ? LIMIT 1", name, name) != nil {
            return name
        }
        let rows = try db.rows("SELECT video_id FROM notes WHERE (slug = ? OR path = ? OR slug = ?) AND video_id IS NOT NULL ORDER BY id LIMIT 1",
                               name, name, NoteExtractor.slug(ofPath: name))
        if let video = rows.first?.string("video_id") { return video }
        return VideoID.isWellFormed(name) ? name : nil
    }

    /// The first readable citation of a claim, in the video it belongs to.
    public func firstMoment(ofClaim claim: Int64) throws -> (video: String, seconds: Int)? {
        let rows = try db.rows("""
            SELECT coalesce(t.video_id, n.video_id) AS video, t.seconds FROM timestamps t JOIN notes n ON n.id = t.note
            WHERE t.claim = ? AND t.seconds IS NOT NULL AND coalesce(t.video_id, n.video_id) IS NOT NULL
            ORDER BY t.id LIMIT 1
            """, claim)
        guard let row = rows.first, let video = row.string("video"), let seconds = row.int("seconds") else { return nil }
        return (video, Int(seconds))
    }
}
