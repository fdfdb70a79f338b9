import KBModel

/// A channel or show, as `kb channels` lists it: the names its notes give it merged into one
/// when they are one show (`Store.channels`).
public struct ChannelSummary: Sendable, Hashable, Codable {
    /// The name most of its notes give (their `From: [[name]]` link, usually the folder).
    public var name: String
    /// Its display name: a `From:` link's label, else its index page's title.
    public var title: String?
    /// The other names of the same show.
    public var otherNames: [String]
    public var notes: Int
    /// Distinct videos of its notes and index pages.
    public var videos: Int

    public init(name: String, title: String?, otherNames: [String], notes: Int, videos: Int) {
        self.name = name
        self.title = title
        self.otherNames = otherNames
        self.notes = notes
        self.videos = videos
    }
}

extension Store {
    /// Every channel the notes name, by notes: names that are one show are merged
    /// (`mergeChannels`): the same display name, or videos mostly in common.
    public func channels() throws -> [ChannelSummary] {
        try read { try channelList() }
    }

    /// `channels()`, inside a read the caller holds.
    func channelList() throws -> [ChannelSummary] {
        do {
            var found: [String: ChannelEvidence] = [:]
            for row in try db.cached("SELECT channel, channel_name, video_id FROM notes WHERE channel IS NOT NULL").rows() {
                guard let name = row.string("channel") else { continue }
                found[name, default: ChannelEvidence(name: name)].notes += 1
                if let title = row.string("channel_name"), found[name]!.title == nil { found[name]!.title = title }
                if let video = row.string("video_id") { found[name]!.videos.insert(video) }
            }
            // A channel's index page (a note whose slug is the channel's name) lists its videos.
            for row in try db.cached("""
                SELECT n.slug, n.title, v.video_id FROM videos v JOIN notes n ON n.id = v.index_note
                """).rows() {
                guard let slug = row.string("slug"), found[slug] != nil else { continue }
                if let video = row.string("video_id") { found[slug]!.videos.insert(video) }
                if found[slug]!.title == nil, let title = row.string("title"), title.caseInsensitiveCompare(slug) != .orderedSame {
                    found[slug]!.title = title
                }
            }
            return Self.mergeChannels(Array(found.values))
        }
    }

    /// Every name of the channels `typed` names (a name or the display name `kb channels`
    /// lists), merged names included, each once (any case), in order; a name no channel has
    /// stays as typed. The channel list is worked out once for all of them.
    package func channelNames(_ typed: [String]) throws -> [String] {
        let list = try channelList()
        var out: [String] = []
        for name in typed.map(\.trimmingWhitespace) {
            let channel = list.first { channel in
                ([channel.name] + channel.otherNames).contains { $0.caseInsensitiveCompare(name) == .orderedSame }
                    || channel.title?.caseInsensitiveCompare(name) == .orderedSame
            }
            for other in channel.map({ [$0.name] + $0.otherNames }) ?? [name]
            where !out.contains(where: { $0.caseInsensitiveCompare(other) == .orderedSame }) {
                out.append(other)
            }
        }
        return out
    }

    /// What the notes say of one channel name.
    struct ChannelEvidence: Sendable {
        var name: String
        var title: String?
        var notes = 0
        var videos: Set<String> = []
    }

    /// Names that are one show become one channel: the same display name (case-insensitive), or
    /// at least half of the videos of the one with fewer (and at least `sharedVideos`) in common,
    /// as a wiki's notes of a show and the show's own folder share its videos. The merged channel
    /// is named by the name with most notes; ordered by notes, then name.
    static func mergeChannels(_ channels: [ChannelEvidence]) -> [ChannelSummary] {
        let all = channels.sorted { ($0.notes, $1.name) > ($1.notes, $0.name) }
        var group = Array(all.indices)
        func root(_ i: Int) -> Int { group[i] == i ? i : root(group[i]) }
        for i in all.indices {
            for j in all.indices where j > i {
                let sameTitle = all[i].title.map { t in all[j].title?.caseInsensitiveCompare(t) == .orderedSame } ?? false
                let fewer = min(all[i].videos.count, all[j].videos.count)
                let shared = all[i].videos.intersection(all[j].videos).count
                if sameTitle || (shared >= Self.sharedVideos && 2 * shared >= fewer) {
                    let (a, b) = (root(i), root(j))
                    group[max(a, b)] = min(a, b)
                }
            }
        }
        var members: [Int: [Int]] = [:]
        for i in all.indices { members[root(i), default: []].append(i) }
        return members.keys.sorted().map { head in
            let parts = members[head]!.map { all[$0] }
            return ChannelSummary(name: parts[0].name, title: parts.lazy.compactMap(\.title).first,
                                  otherNames: parts.dropFirst().map(\.name).sorted(), notes: parts.reduce(0) { $0 + $1.notes },
                                  videos: parts.reduce(into: Set<String>()) { $0.formUnion($1.videos) }.count)
        }
    }

    /// Fewer videos in common than this never merge two names (a coincidence, or a guest's
    /// appearance on two shows).
    static let sharedVideos = 3
}
