import KBModel
import KBStore
import KBQuery
import KBRender

/// What `kb render` writes, `site` aside.
package enum ReportKind: String, CaseIterable, Sendable {
    case note, topic, speaker, video, transcript, hub, site
}

/// One report page from what a user names, with `kb render`'s errors for a name the index lacks.
package enum ReportPages {
    /// The page of `kind` for `argument` (trimmed); nil for `site`, which is many pages.
    package static func page(_ kind: ReportKind, _ argument: String, renderer: Renderer, store: Store) throws -> RenderedPage? {
        let arg = argument.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .note:
            guard let note = try store.reportNote(named: arg) else { throw KBError.usage("no note called '\(arg)' in the index") }
            return try renderer.notePage(note)
        case .topic:
            return try renderer.topicPage(query: arg)
        case .speaker:
            guard let speaker = try store.reportSpeaker(named: arg) else {
                throw KBError.usage("no speaker called '\(arg)' in the index")
            }
            return try renderer.speakerPage(speaker)
        case .video:
            guard let id = try store.videoID(forVideoOrNote: arg), renderer.video(id) != nil else {
                throw KBError.usage("no video '\(arg)' in the index")
            }
            return try renderer.videoPage(id)
        case .transcript:
            guard let id = try store.videoID(forVideoOrNote: arg) else { throw KBError.usage("no video '\(arg)' in the index") }
            guard let made = try renderer.transcriptPage(video: id) else {
                throw KBError.usage("no transcript of video \(id) in the index (kb index reads .srt, .vtt and speaker-turn files)")
            }
            return made
        case .hub:
            guard let target = try renderer.hubTarget(arg) else {
                throw KBError.usage("no note or link target called '\(arg)' in the index")
            }
            return try renderer.hubPage(target)
        case .site:
            return nil
        }
    }

    /// One page as markdown, the way `kb render KIND ARG` prints it (links as YouTube URLs).
    package static func markdown(_ kind: ReportKind, _ argument: String, store: Store) throws -> String {
        let catalog = try ReportCatalog(store: store)
        let renderer = Renderer(store: store, options: RenderOptions(html: false, timestamps: .link), plan: nil, catalog: catalog)
        guard let page = try page(kind, argument, renderer: renderer, store: store) else { return "" }
        return renderer.output(page)
    }
}
