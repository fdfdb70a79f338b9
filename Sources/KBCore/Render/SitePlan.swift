/// The pages of a rendered site and their file names, decided once so that every
/// link between pages names a file that is written.
///
/// Names come only from `RenderText.safeName` of slugs, video ids, speaker names and
/// link-target keys, with a kind prefix; clashes (a slug in two channel folders, names
/// that differ only in case) get `-2`, `-3`… in a fixed order.
public struct SitePlan: Sendable {
    public static let index = "index"
    public static let videosPage = "videos"
    public static let speakersPage = "speakers"

    public private(set) var notes: [Int64: String] = [:]
    public private(set) var videos: [String: String] = [:]
    public private(set) var speakers: [Int64: String] = [:]
    /// Hubs of notes that other notes link to, by note id.
    public private(set) var noteHubs: [Int64: String] = [:]
    /// Hubs of link targets that name no note, by `RenderText.hubKey`.
    public private(set) var targetHubs: [String: String] = [:]
    private var used: Set<String> = [SitePlan.index, SitePlan.videosPage, SitePlan.speakersPage]

    public init() {}

    /// Plans the pages of everything in the index.
    public init(store: Store) throws {
        for note in try store.reportNotes() { notes[note.id] = claim("note-" + RenderText.safeName(note.slug)) }
        for video in try store.reportVideos().map(\.id).sorted() { videos[video] = claim("video-" + RenderText.safeName(video)) }
        for speaker in try store.reportSpeakers() { speakers[speaker.id] = claim("speaker-" + RenderText.safeName(speaker.name)) }
        for id in try store.reportLinkedNotes().keys.sorted() {
            noteHubs[id] = claim("hub-" + RenderText.safeName(notes[id].map { String($0.dropFirst(5)) } ?? String(id)))
        }
        for key in Set(try store.reportUnresolvedLinks().map { RenderText.hubKey($0.link.target) }).sorted() {
            targetHubs[key] = claim("hub-" + RenderText.safeName(key))
        }
    }

    private mutating func claim(_ base: String) -> String {
        var name = base
        var n = 2
        while used.contains(name) {
            name = base + "-\(n)"
            n += 1
        }
        used.insert(name)
        return name
    }

    /// Every page name, for the index of a site.
    public var allNames: Set<String> { used }
}
