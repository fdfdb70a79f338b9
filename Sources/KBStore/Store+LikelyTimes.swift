import KBModel

// Citations whose written time their video cannot have (docs/citations.md, "Impossible
// times"): links go to the likely reading, the written time stays what is shown.

extension Store {
    /// For each video, the written seconds its notes cite that it cannot have, with their
    /// likely reading (`ImpossibleTime`): past the end of its transcripts when it has any,
    /// else far beyond its other citations. Two indexed queries per video.
    package func likelyReadings(videos: Set<String>) throws -> [String: [Int: Int]] {
        var out: [String: [Int: Int]] = [:]
        for video in videos.sorted() {
            let cited = try db.cached("SELECT seconds FROM timestamps WHERE seconds IS NOT NULL AND id IN \(Self.videoCitationIDs)").rows(video).compactMap { $0.int("seconds").map(Int.init) }
            guard !cited.isEmpty else { continue }
            let end = try db.cached("""
                SELECT max(x) AS e FROM (SELECT max(coalesce(t.duration, 0), coalesce((SELECT max(p.end) FROM passages p WHERE p.transcript = t.id), 0)) AS x
                FROM transcripts t WHERE t.video_id = ?)
                """).rows(video).first?.double("e")
            var readings: [Int: Int] = [:]
            let times = end == nil ? ImpossibleTime.VideoTimes(cited) : nil
            for s in Set(cited) {
                let impossible = end.map { $0 > 0 && ImpossibleTime.isPastEnd(s, end: $0) } ?? times!.isFarBeyond(s)
                if impossible { readings[s] = ImpossibleTime.likelyReading(s) }
            }
            if !readings.isEmpty { out[video] = readings }
        }
        return out
    }

    /// Sets `likely` on the moments (by claim) whose written time their video cannot have;
    /// `noteVideos` gives each claim's note video.
    package func markLikely(_ moments: inout [Int64: [Moment]], noteVideos: [Int64: String]) throws {
        var videos = Set<String>()
        for (claim, list) in moments { for m in list { if let v = m.video(noteVideo: noteVideos[claim]) { videos.insert(v) } } }
        let readings = try likelyReadings(videos: videos)
        guard !readings.isEmpty else { return }
        for (claim, list) in moments {
            moments[claim] = list.map { m in
                var m = m
                if let s = m.seconds, let v = m.video(noteVideo: noteVideos[claim]) { m.likely = readings[v]?[s] }
                return m
            }
        }
    }
}
