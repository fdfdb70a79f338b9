import KBModel
import KBStore
import Foundation

// The answers as kb shows them, shared by the command line (KBCommands) and the MCP server
// (KBMCP): each command's JSON shape and text rendering, so both print the same thing for
// the same request.

/// How every answer is encoded as JSON: pretty, keys sorted, slashes as they are.
package enum AnswerJSON {
    package static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

/// A citation in JSON output: as written, its second, and the link that opens it.
package struct MomentJSON: Encodable {
    package var seconds: Int?
    package var raw: String
    package var url: String?

    package init(_ moment: Moment, noteVideo: String?) {
        seconds = moment.seconds
        raw = moment.raw
        url = moment.url(noteVideo: noteVideo)
    }

    package static func list(_ moments: [Moment], noteVideo: String?) -> [MomentJSON] {
        moments.map { MomentJSON($0, noteVideo: noteVideo) }
    }
}

/// Search snippets as text.
package enum Highlight {
    /// Matches in bold on a terminal (`bold`), in `**` otherwise.
    ///
    /// Scans the scalars itself: Foundation's `replacingOccurrences`, on its first call in
    /// a process, cost more than the query.
    package static func render(_ snippet: String, bold: Bool) -> String {
        let start = Search.highlightStart.unicodeScalars.first!, end = Search.highlightEnd.unicodeScalars.first!
        let scalars = snippet.unicodeScalars
        var out = String.UnicodeScalarView()
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let s = scalars[i]
            i = scalars.index(after: i)
            if s == start {
                out.append(contentsOf: (bold ? "\u{1B}[1m" : "**").unicodeScalars)
            } else if s == end {
                // Adjacent matches ("three gorges") read as one highlighted phrase.
                if i < scalars.endIndex, scalars[i] == " ", case let j = scalars.index(after: i), j < scalars.endIndex, scalars[j] == start {
                    out.append(" ")
                    i = scalars.index(after: j)
                } else {
                    out.append(contentsOf: (bold ? "\u{1B}[0m" : "**").unicodeScalars)
                }
            } else {
                out.append(s)
            }
        }
        return String(out)
    }
}
