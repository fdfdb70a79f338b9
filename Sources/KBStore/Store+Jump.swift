import KBModel
import KBExtract

extension Store {
    /// The video a name means: a known video id (of a note, an index page or a transcript), a
    /// note's slug or path, a transcript's path or file name without its extensions
    /// (`guillermo-rauch`, `PFDu9oVAE-g.en`), or any string shaped like a YouTube id.
    public func videoID(forVideoOrNote name: String) throws -> String? {
        if try db.scalarInt("""
            SELECT 1 FROM notes WHERE video_id = ?1 UNION SELECT 1 FROM videos WHERE video_id = ?1
            UNION SELECT 1 FROM transcripts WHERE video_id = ?1 LIMIT 1
            """, name) != nil {
            return name
        }
        let rows = try db.rows("SELECT video_id FROM notes WHERE (slug = ? OR path = ? OR slug = ?) AND video_id IS NOT NULL ORDER BY id LIMIT 1",
                               name, name, NoteExtractor.slug(ofPath: name))
        if let video = rows.first?.string("video_id") { return video }
        let stem = name.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? name
        let transcripts = try db.rows("""
            SELECT video_id FROM transcripts WHERE video_id IS NOT NULL
              AND (path = ?1 OR path LIKE '%/' || ?1 OR path LIKE '%/' || ?2 || '.%' OR path LIKE ?2 || '.%')
            ORDER BY id LIMIT 1
            """, name, stem)
        if let video = transcripts.first?.string("video_id") { return video }
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
