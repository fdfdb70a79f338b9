import KBModel
import KBStore
import KBQuery
import KBRender
import KBAnswers
import MCP
import Foundation

/// The index's pages as MCP resources: `kb://note/SLUG`, `kb://video/ID` (the video's timeline)
/// and `kb://transcript/ID` (the annotated transcript), in markdown as `kb render` writes them.
package struct ResourceShelf: Sendable {
    package let dbPath: String
    /// Resources per page of `resources/list`.
    package var pageSize = 500

    package init(dbPath: String) {
        self.dbPath = dbPath
    }

    static let templates: [Resource.Template] = [
        .init(uriTemplate: "kb://note/{slug}", name: "note", title: "A note",
              description: "The note regenerated from the index (kb render note SLUG); SLUG is a slug or a path.", mimeType: "text/markdown"),
        .init(uriTemplate: "kb://video/{id}", name: "video", title: "A video's timeline",
              description: "The claims of all notes of a video in time order (kb render video ID).", mimeType: "text/markdown"),
        .init(uriTemplate: "kb://transcript/{id}", name: "transcript", title: "An annotated transcript",
              description: "The video's transcript by speaker turn with the claims citing it (kb render transcript ID).",
              mimeType: "text/markdown"),
    ]

    /// Every note, video and transcript, `pageSize` at a time; the cursor is the offset of the next page.
    package func list(cursor: String?) throws -> ListResources.Result {
        let all = try everything()
        let start = cursor.flatMap { Int($0) } ?? 0
        guard start >= 0, start <= all.count else { throw MCPError.invalidParams("no such cursor: \(cursor ?? "")") }
        let end = min(all.count, start + pageSize)
        return ListResources.Result(resources: Array(all[start..<end]), nextCursor: end < all.count ? String(end) : nil)
    }

    private func everything() throws -> [Resource] {
        let store = try Store(path: dbPath, readOnly: true)
        let notes = try store.reportNotes()
        var slugCount: [String: Int] = [:]
        for n in notes { slugCount[n.slug, default: 0] += 1 }
        var out = notes.map { n in
            // A slug two notes share names the first; the others go by their path.
            let name = slugCount[n.slug] == 1 ? n.slug : String(n.path.dropLast(n.path.hasSuffix(".md") ? 3 : 0))
            return Resource(name: n.path, uri: Self.uri("note", name), title: n.displayTitle, mimeType: "text/markdown")
        }
        let videos = try store.reportVideos()
        out += videos.map { Resource(name: "video \($0.id)", uri: Self.uri("video", $0.id), title: $0.displayTitle, mimeType: "text/markdown") }
        let titles = Dictionary(videos.map { ($0.id, $0.displayTitle) }, uniquingKeysWith: { a, _ in a })
        out += try store.transcriptVideos().map {
            Resource(name: "transcript \($0)", uri: Self.uri("transcript", $0), title: "Transcript: " + (titles[$0] ?? $0), mimeType: "text/markdown")
        }
        return out
    }

    static func uri(_ kind: String, _ name: String) -> String {
        "kb://\(kind)/" + (name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name)
    }

    /// A page; a name the index lacks is the error `kb render` prints, as resource-not-found (-32002).
    package func read(_ uri: String) throws -> ReadResource.Result {
        let kinds: [String: ReportKind] = ["note": .note, "video": .video, "transcript": .transcript]
        guard uri.hasPrefix("kb://"), case let rest = uri.dropFirst(5), let slash = rest.firstIndex(of: "/"),
              let kind = kinds[String(rest[..<slash])] else {
            throw MCPError.invalidParams("kb: no resource \(uri): kb serves kb://note/SLUG, kb://video/ID and kb://transcript/ID")
        }
        let encoded = String(rest[rest.index(after: slash)...])
        let name = encoded.removingPercentEncoding ?? encoded
        let markdown: String
        do {
            markdown = try ReportPages.markdown(kind, name, store: try Store(path: dbPath, readOnly: true))
        } catch let error as any KBFailure {
            throw MCPError.serverError(code: -32002, message: "kb: \(error.description)")
        }
        return ReadResource.Result(contents: [.text(Limits.cut(markdown).text, uri: uri, mimeType: "text/markdown")])
    }
}
