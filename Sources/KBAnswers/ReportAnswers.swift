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
            return try renderer.notePage(try store.resolveNote(arg))
        case .topic:
            return try renderer.topicPage(query: arg)
        case .speaker:
            guard let speaker = try store.reportSpeaker(named: arg) else {
                throw StoreError.unknownName(.speaker, arg, nearest: [], hint: "only transcripts label them; kb speakers lists them")
            }
            return try renderer.speakerPage(speaker)
        case .video:
            let id = try store.resolveVideo(arg)
            guard renderer.video(id) != nil else { throw StoreError.unknownName(.video, arg, nearest: [], hint: nil) }
            return try renderer.videoPage(id)
        case .transcript:
            let id = try store.resolveVideo(arg)
            guard let made = try renderer.transcriptPage(video: id) else { throw QueryError.noTranscript(videos: [id]) }
            return made
        case .hub:
            return try renderer.hubPage(try renderer.hubTarget(arg))
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
