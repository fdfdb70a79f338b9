import KBModel
import KBStore
import KBQuery
import KBRender
import KBAnswers
import MCP
import Foundation

/// One tool's answer: what `kb COMMAND --format json` prints and what it prints as text.
struct ToolAnswer {
    var structured: Value
    var text: String
}

/// A list answer: the command's JSON list, its stderr notices, and a note when it was cut.
struct Listed<Item: Encodable>: Encodable {
    var results: [Item]
    var notices: [String]?
    var truncated: String?
}

/// Runs the tools against the index at `dbPath`, opened anew for each call, so a call sees
/// what the last `kb index` committed and a rebuild never blocks it.
package struct ToolBox: Sendable {
    package let dbPath: String

    package init(dbPath: String) {
        self.dbPath = dbPath
    }

    /// The answer to a call, or a tool error holding the line the command line would print.
    package func call(_ name: String, _ arguments: [String: Value]) -> CallTool.Result {
        do {
            let answer = try answer(name, arguments)
            let (text, _) = Limits.cut(answer.text)
            let structured: Value? = answer.structured
            return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured,
                                   isError: nil, _meta: nil)
        } catch let error as any KBFailure {
            return Self.failure("kb: \(error.description)")
        } catch {
            return Self.failure("kb: \(error)")
        }
    }

    static func failure(_ line: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: line, annotations: nil, _meta: nil)], isError: true)
    }

    private func answer(_ name: String, _ values: [String: Value]) throws -> ToolAnswer {
        guard ToolCatalog.tools.contains(where: { $0.name == name }) else {
            throw ToolError.argument("no tool called '\(name)' (tools: \(ToolCatalog.tools.map(\.name).joined(separator: ", ")))")
        }
        let args = try ToolArguments(tool: name, values: values, known: ToolCatalog.names(name))
        switch name {
        case "search": return try search(args)
        case "quote": return try quote(args)
        case "jump": return try jump(args)
        case "figures": return try figures(args)
        case "speakers": return try speakers(args)
        case "verify": return try verify(args)
        default: return try note(args)
        }
    }

    /// The index, read-only, as every read command opens it.
    private func store() throws -> Store { try Store(path: dbPath, readOnly: true) }

    private func search(_ args: ToolArguments) throws -> ToolAnswer {
        let (limit, cut) = try args.limit(default: 20, cap: Limits.results)
        let request = SearchRequest(query: try args.required("query"), limit: limit, channel: try args.string("channel"),
                                    video: try args.string("video"), note: try args.string("note"),
                                    speaker: try args.string("speaker"), not: try args.strings("not"))
        let store = try store()
        if try args.bool("said") {
            let result = try store.searchSaid(request)
            let notices = SearchText.notices(result)
            let text = result.hits.isEmpty ? "no passages match\n" : SearchText.said(result.hits, bold: false)
            return try Self.listed(result.hits.map(SaidHitJSON.init), notices: notices, cut: cut, text: text)
        }
        let result = try store.searchResult(request)
        let text = result.hits.isEmpty ? "no claims match\n" : SearchText.claims(result.hits, bold: false)
        return try Self.listed(result.hits.map(SearchHitJSON.init), notices: SearchText.notices(result), cut: cut, text: text)
    }

    private func quote(_ args: ToolArguments) throws -> ToolAnswer {
        let context = try args.int("context") ?? Quote.defaultContext
        guard context >= 0 else { throw ToolError.argument("context cannot be negative") }
        guard context <= 600 else { throw ToolError.argument("context is at most 600 seconds") }
        let quote = try Quote.at(try args.required("ref"), context: context, in: try store())
        return ToolAnswer(structured: try Self.value(QuoteJSON(quote)), text: QuoteText.text(quote))
    }

    private func jump(_ args: ToolArguments) throws -> ToolAnswer {
        let target = try Jump.resolve(try args.required("ref"), in: try store())
        return ToolAnswer(structured: try Self.value(target), text: target.url + "\n")
    }

    private func figures(_ args: ToolArguments) throws -> ToolAnswer {
        let (limit, cut) = try args.limit(default: Limits.results, cap: Limits.results)
        let kind = try args.string("kind").map { text in
            guard let kind = Figure.Kind(rawValue: text) else {
                throw ToolError.argument("kind '\(text)' is not one of \(Figure.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return kind
        }
        let sort = try args.string("sort").map { text in
            guard let sort = FigureSort(rawValue: text) else {
                throw ToolError.argument("sort '\(text)' is not one of \(FigureSort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return sort
        } ?? .note
        // One more than shown, to know whether there were more.
        let request = try FigureQuery.request(query: try args.string("query"), kind: kind, unit: try args.string("unit"),
                                              min: try args.string("min"), max: try args.string("max"),
                                              speaker: try args.string("speaker"), video: try args.string("video"),
                                              limit: limit + 1, sort: sort)
        let hits = try store().figures(request)
        let shown = Array(hits.prefix(limit))
        let more = hits.count > limit ? "more figures match: the first \(limit) are shown" : nil
        let text = shown.isEmpty ? "no figures match\n" : FigureText.text(shown)
        return try Self.listed(shown.map(FigureHitJSON.init), notices: [], cut: more ?? cut, text: text)
    }

    private func speakers(_ args: ToolArguments) throws -> ToolAnswer {
        let (limit, cut) = try args.limit(default: Limits.results, cap: Limits.results)
        let store = try store()
        if let name = try args.string("name") {
            let claims = try store.claims(ofSpeaker: name)
            let shown = Array(claims.prefix(limit))
            return try Self.listed(shown.map(SpeakerClaimJSON.init), notices: [], cut: Self.more(claims.count, limit, "claims") ?? cut,
                                   text: SpeakerText.claims(shown))
        }
        let all = try store.speakers()
        let shown = Array(all.prefix(limit))
        return try Self.listed(shown.map(SpeakerJSON.init), notices: [], cut: Self.more(all.count, limit, "speakers") ?? cut,
                               text: SpeakerText.speakers(shown))
    }

    private func verify(_ args: ToolArguments) throws -> ToolAnswer {
        let (limit, cut) = try args.limit(default: Limits.results, cap: Limits.results)
        let note = try args.string("note"), video = try args.string("video")
        guard note != nil || video != nil else { throw ToolError.argument("verify needs a note or a video") }
        let report = try Verify.report(VerifyScope(files: nil, note: note, video: video), in: try store())
        let shown = Array(report.claims.prefix(limit))
        return try Self.listed(shown.map(VerifiedClaimJSON.init), notices: [],
                               cut: Self.more(report.claims.count, limit, "claims") ?? cut, text: VerifyText.text(report))
    }

    private func note(_ args: ToolArguments) throws -> ToolAnswer {
        let slug = try args.required("slug")
        let markdown = try ReportPages.markdown(.note, slug, store: try store())
        let (text, cut) = Limits.cut(markdown)
        return ToolAnswer(structured: .object(["slug": .string(slug), "markdown": .string(text), "truncated": cut.map(Value.string) ?? .null]),
                          text: text)
    }

    private static func more(_ total: Int, _ limit: Int, _ noun: String) -> String? {
        total > limit ? "\(total) \(noun) match: the first \(limit) are shown" : nil
    }

    private static func listed<Item: Encodable>(_ items: [Item], notices: [String], cut: String?, text: String) throws -> ToolAnswer {
        let body = Listed(results: items, notices: notices.isEmpty ? nil : notices, truncated: cut)
        let lines = notices + [text.hasSuffix("\n") || text.isEmpty ? String(text.dropLast()) : text] + (cut.map { ["(\($0))"] } ?? [])
        return ToolAnswer(structured: try value(body), text: lines.filter { !$0.isEmpty }.joined(separator: "\n") + "\n")
    }

    /// A JSON value from what the command line would print.
    static func value<T: Encodable>(_ answer: T) throws -> Value {
        try JSONValueReader.read(AnswerJSON.encode(answer))
    }
}
