import KBModel
import KBMarkdown
import Foundation
import Yams

/// The YAML block at the top of a note, split from its body.
public struct Frontmatter: Sendable {
    public var title: String?
    public var videoID: String?
    /// True when the frontmatter has a video id key with an empty value (`video_id: ''`).
    public var emptyVideoID = false
    public var aliases: [String] = []
    /// The other keys, as a JSON object's text; nil when there are none.
    public var extraJSON: String?
    /// The body after the frontmatter.
    public var body: Substring
    /// Lines before the body starts, to turn body lines into file lines.
    public var bodyLineOffset: Int
    public var warnings: [(line: Int, message: String)] = []

    /// Splits and reads the frontmatter of a note's text.
    ///
    /// A leftover line or two before the opening `---` ("Here is the modified
    /// article:") is skipped with a warning; YAML that does not parse, or a block
    /// never closed, leaves the note without frontmatter and says so.
    public static func split(_ text: String) -> Frontmatter {
        var result = Frontmatter(body: Substring(text), bodyLineOffset: 0)
        // Only the head of the file can hold frontmatter: lines are cut on demand, by bytes.
        var reader = LineReader(text)
        func isFence(_ line: Substring) -> Bool { line.trimmingWhitespace == "---" }
        // Where the opening fence is: the first line, or after a short leftover preamble.
        var open: Int?
        var head: [Substring] = []
        while head.count < 4, let line = reader.next() {
            head.append(line)
            let i = head.count - 1
            if isFence(line) { open = i; break }
            if !line.trimmingWhitespace.isEmpty, i >= 2 { break }
        }
        guard let open else { return result }
        // A preamble must be prose, not body text that happens to precede a rule.
        var yamlLines: [Substring] = []
        if open > 0 {
            let preamble = head[0..<open].map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
            guard preamble.count <= 1, let only = preamble.first, !only.hasPrefix("#") else { return result }
        }
        var closed = false
        while yamlLines.count < 200, let line = reader.next() {
            if isFence(line) { closed = true; break }
            yamlLines.append(line)
        }
        if open > 0, !(yamlLines.first?.contains(":") ?? false) { return result }
        guard closed else {
            result.warnings.append((open + 1, "frontmatter is never closed with ---; read as body text"))
            return result
        }
        if open > 0 {
            result.warnings.append((1, "text before the frontmatter is ignored: \"\(head[0..<open].joined(separator: " ").trimmingWhitespace.prefix(60))\""))
        }
        // Body starts after the closing fence; keep the offset exact for line numbers.
        result.body = text[reader.position...]
        result.bodyLineOffset = reader.linesRead
        result.read(yaml: yamlLines.joined(separator: "\n"), firstLine: open + 2)
        return result
    }

    /// Cuts lines off the front of a text at `\n` bytes, one at a time.
    private struct LineReader {
        let text: String
        private(set) var position: String.Index
        private(set) var linesRead = 0

        init(_ text: String) {
            self.text = text
            position = text.startIndex
        }

        mutating func next() -> Substring? {
            let bytes = text.utf8
            guard position < bytes.endIndex else { return nil }
            let end = bytes[position...].firstIndex(of: 10) ?? bytes.endIndex
            let line = text[position..<end]
            position = end < bytes.endIndex ? bytes.index(after: end) : end
            linesRead += 1
            return line
        }
    }

    /// Yams works its default encoding out on every load, by copying the whole process
    /// environment (1.4% of an index build): once is enough. Kept as its raw value, which is Sendable.
    private static let yamlEncoding = Parser.Encoding.default.rawValue

    private mutating func read(yaml: String, firstLine: Int) {
        guard !yaml.trimmingWhitespace.isEmpty else { return }
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: yaml, .default, .default, Parser.Encoding(rawValue: Self.yamlEncoding) ?? .default)
        } catch {
            warnings.append((firstLine, "frontmatter is not valid YAML: \(Self.oneLine(error))"))
            return
        }
        guard let map = loaded as? [String: Any] else {
            warnings.append((firstLine, "frontmatter is not a YAML mapping; ignored"))
            return
        }
        var extra: [String: Any] = [:]
        for (key, value) in map {
            switch key {
            case "title": title = Self.scalarString(value)
            case "videoId", "videoID", "video_id": videoID = Self.scalarString(value)
            case "aliases", "alias":
                if let list = value as? [Any] { aliases = list.compactMap(Self.scalarString) }
                else if let one = Self.scalarString(value) { aliases = [one] }
            default: extra[key] = Self.jsonSafe(value)
            }
        }
        if let t = title, t.trimmingWhitespace.isEmpty { title = nil }
        if let v = videoID, v.trimmingWhitespace.isEmpty {
            videoID = nil
            emptyVideoID = true
        } else if videoID == nil, map.keys.contains(where: { ["videoId", "videoID", "video_id"].contains($0) }) {
            emptyVideoID = true  // `video_id:` with nothing after it
        }
        if !extra.isEmpty, let data = try? JSONSerialization.data(withJSONObject: extra, options: [.sortedKeys]) {
            extraJSON = String(decoding: data, as: UTF8.self)
        }
    }

    private static func scalarString(_ value: Any) -> String? {
        switch value {
        case let s as String: return s.trimmingWhitespace
        case let i as Int: return String(i)
        case let d as Double: return String(d)
        case let b as Bool: return String(b)
        case let date as Date: return ISO8601DateFormatter().string(from: date)
        default: return nil
        }
    }

    /// YAML values that JSON can hold (dates become ISO 8601 text).
    private static func jsonSafe(_ value: Any) -> Any {
        switch value {
        case let list as [Any]: return list.map(jsonSafe)
        case let map as [String: Any]: return map.mapValues(jsonSafe)
        case let map as [AnyHashable: Any]:
            return Dictionary(map.map { ("\($0.key)", jsonSafe($0.value)) }, uniquingKeysWith: { a, _ in a })
        case is String, is Int, is Double, is Bool: return value
        case let date as Date: return ISO8601DateFormatter().string(from: date)
        default: return value is NSNull ? NSNull() : "\(value)"
        }
    }

    private static func oneLine(_ error: Error) -> String {
        "\(error)".split(whereSeparator: \.isNewline).first.map { $0.trimmingWhitespace } ?? "parse error"
    }
}
