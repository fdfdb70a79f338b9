import Foundation
import Yams

/// The YAML block at the top of a note, split from its body.
public struct Frontmatter: Sendable {
    public var title: String?
    public var videoID: String?
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
        // Only the head of the file can hold frontmatter: never split the whole note.
        let lines = text.split(separator: "\n", maxSplits: 210, omittingEmptySubsequences: false)
        func isFence(_ line: Substring) -> Bool { line.trimmingWhitespace == "---" }
        // Where the opening fence is: the first line, or after a short leftover preamble.
        var open: Int?
        for (i, line) in lines.prefix(4).enumerated() {
            if isFence(line) { open = i; break }
            if !line.trimmingWhitespace.isEmpty, i >= 2 { break }
        }
        guard let open else { return result }
        // A preamble must be prose, not body text that happens to precede a rule.
        if open > 0 {
            let preamble = lines[0..<open].map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
            guard preamble.count <= 1, let only = preamble.first, !only.hasPrefix("#"), open + 1 < lines.count,
                  lines[open + 1].contains(":") else { return result }
        }
        guard let close = lines[(open + 1)...].prefix(200).firstIndex(where: isFence) else {
            result.warnings.append((open + 1, "frontmatter is never closed with ---; read as body text"))
            return result
        }
        if open > 0 {
            result.warnings.append((1, "text before the frontmatter is ignored: \"\(lines[0..<open].joined(separator: " ").trimmingWhitespace.prefix(60))\""))
        }
        let yaml = lines[(open + 1)..<close].joined(separator: "\n")
        // Body starts after the closing fence; keep the offset exact for line numbers.
        var offset = 0
        var index = text.startIndex
        while offset <= close, let nl = text[index...].firstIndex(of: "\n") {
            index = text.index(after: nl)
            offset += 1
        }
        if offset <= close { index = text.endIndex; offset = close + 1 }
        result.body = text[index...]
        result.bodyLineOffset = offset
        result.read(yaml: yaml, firstLine: open + 2)
        return result
    }

    private mutating func read(yaml: String, firstLine: Int) {
        guard !yaml.trimmingWhitespace.isEmpty else { return }
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: yaml)
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
        if let v = videoID, v.trimmingWhitespace.isEmpty { videoID = nil }
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
