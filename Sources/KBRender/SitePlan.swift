import KBModel
import KBMarkdown
import KBExtract
import KBStore
import KBQuery
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
    /// Annotated transcripts, by video id.
    public private(set) var transcripts: [String: String] = [:]
    public private(set) var speakers: [Int64: String] = [:]
    /// Hubs of notes that other notes link to, by note id.
    public private(set) var noteHubs: [Int64: String] = [:]
    /// Hubs of link targets that name no note, by `RenderText.hubKey`.
    public private(set) var targetHubs: [String: String] = [:]
    private var used: Set<String> = [SitePlan.index, SitePlan.videosPage, SitePlan.speakersPage]

    public init() {}

    /// Plans the pages of everything in the index; `catalog`, when given, is what was
    /// already read of it.
    public init(store: Store, catalog: ReportCatalog? = nil) throws {
        self.init(catalog: try catalog ?? ReportCatalog(store: store), linkedNotes: try store.reportLinkedNotes().keys)
    }

    /// Plans the pages of a catalog; `linkedNotes` are the notes other notes link to.
    public init(catalog: ReportCatalog, linkedNotes: some Sequence<Int64>) {
        for note in catalog.notes { notes[note.id] = claim("note-" + RenderText.safeName(note.slug)) }
        for video in catalog.videos.map(\.id).sorted() { videos[video] = claim("video-" + RenderText.safeName(video)) }
        for video in catalog.transcriptVideos.sorted() { transcripts[video] = claim("transcript-" + RenderText.safeName(video)) }
        for speaker in catalog.speakers { speakers[speaker.id] = claim("speaker-" + RenderText.safeName(speaker.name)) }
        for id in linkedNotes.sorted() {
            noteHubs[id] = claim("hub-" + RenderText.safeName(notes[id].map { String($0.dropFirst(5)) } ?? String(id)))
        }
        for key in Set(catalog.unresolvedLinks.map { RenderText.hubKey($0.link.target) }).sorted() {
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

/// What a site plan and a renderer read of the index before any page: every note,
/// video and speaker, and the links that name no note.
public struct ReportCatalog: Sendable {
    public var notes: [ReportNote]
    public var videos: [ReportVideo]
    public var speakers: [ReportSpeaker]
    public var unresolvedLinks: [ReportBacklink]
    /// Videos with at least one transcript.
    public var transcriptVideos: [String]

    public init(store: Store) throws {
        notes = try store.reportNotes()
        videos = try store.reportVideos()
        speakers = try store.reportSpeakers()
        unresolvedLinks = try store.reportUnresolvedLinks()
        transcriptVideos = try store.transcriptVideos()
    }
}
