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
        let trimmed = ref.trimmingWhitespace
        if let at = trimmed.lastIndex(of: "@") {
            let name = String(trimmed[trimmed.startIndex..<at]).trimmingWhitespace
            let time = String(trimmed[trimmed.index(after: at)...])
            guard !name.isEmpty else { throw KBError.usage("jump needs a video or note before @ (VIDEO@TIME or NOTE@TIME)") }
            guard let seconds = TimeText.userSeconds(time) else {
                throw KBError.usage("cannot read the time '\(time)': use 14:23, 00:14:23, 863 or 14m23s")
            }
            guard let video = try store.videoID(forVideoOrNote: name) else {
                throw KBError.usage("no video or note called '\(name)' in the index")
            }
            return JumpTarget(video: video, seconds: seconds, url: YouTubeURL.watch(video, seconds: seconds))
        }
        guard let claim = Int64(trimmed), claim > 0 else {
            throw KBError.usage("cannot read '\(ref)': give a claim id from kb search, VIDEO@TIME or NOTE@TIME")
        }
        guard let found = try store.firstMoment(ofClaim: claim) else {
            throw KBError.usage("claim \(claim) is not in the index, or cites no readable time in a known video")
        }
        return JumpTarget(video: found.video, seconds: found.seconds, url: YouTubeURL.watch(found.video, seconds: found.seconds))
    }

    /// Whether text has the shape of a YouTube video id.
    public static func looksLikeVideoID(_ text: String) -> Bool {
        text.count == 11 && text.unicodeScalars.allSatisfy {
            ($0.value >= 48 && $0.value <= 57) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 97 && $0.value <= 122)
                || $0 == "-" || $0 == "_"
        }
    }
}

extension Store {
    /// The video a name means: a known video id, a note's slug or path, or any
    /// string shaped like a YouTube id.
    public func videoID(forVideoOrNote name: String) throws -> String? {
        if try db.scalarInt("SELECT 1 FROM notes WHERE video_id = ? UNION SELECT 1 FROM videos WHERE video_id = ? LIMIT 1", name, name) != nil {
            return name
        }
        let rows = try db.rows("SELECT video_id FROM notes WHERE (slug = ? OR path = ? OR slug = ?) AND video_id IS NOT NULL ORDER BY id LIMIT 1",
                               name, name, NoteExtractor.slug(ofPath: name))
        if let video = rows.first?.string(0) { return video }
        return Jump.looksLikeVideoID(name) ? name : nil
    }

    /// The first readable citation of a claim, in the video it belongs to.
    public func firstMoment(ofClaim claim: Int64) throws -> (video: String, seconds: Int)? {
        let rows = try db.rows("""
            SELECT coalesce(t.video_id, n.video_id), t.seconds FROM timestamps t JOIN notes n ON n.id = t.note
            WHERE t.claim = ? AND t.seconds IS NOT NULL AND coalesce(t.video_id, n.video_id) IS NOT NULL
            ORDER BY t.id LIMIT 1
            """, claim)
        guard let row = rows.first, let video = row.string(0), let seconds = row.int(1) else { return nil }
        return (video, Int(seconds))
    }
}
