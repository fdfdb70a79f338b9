import KBRender
import Foundation

/// For the tests: checks that every relative link in a rendered site names a file of the site:
/// `href`/`src` in HTML pages, `[label](file)` and `[[name|label]]` in markdown pages.
public enum LinkChecker {
    public struct Broken: Sendable, Hashable, CustomStringConvertible {
        public var page: String
        public var link: String
        public var description: String { "\(page): \(link)" }
    }

    public struct Result: Sendable {
        public var pages = 0
        public var links = 0
        public var broken: [Broken] = []
    }

    public static func check(folder: String) throws -> Result {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let names = Set(files)
        var result = Result()
        for file in files where file.hasSuffix(".html") || file.hasSuffix(".md") {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            result.pages += 1
            let links = file.hasSuffix(".html") ? htmlLinks(text) : markdownLinks(text)
            for link in links {
                result.links += 1
                if !names.contains(link.path) { result.broken.append(Broken(page: file, link: link.raw)) }
            }
        }
        return result
    }

    struct Link { var raw: String; var path: String }


    /// The file a relative link names: without fragment or query, percent-decoded.
    static func filePath(_ link: String) -> String {
        var s = Substring(link)
        if let cut = s.firstIndex(where: { $0 == "#" || $0 == "?" }) { s = s[s.startIndex..<cut] }
        if s.hasPrefix("./") { s = s.dropFirst(2) }
        return String(s).removingPercentEncoding ?? String(s)
    }

    static func htmlLinks(_ html: String) -> [Link] {
        var out: [Link] = []
        for attribute in ["href=\"", "src=\""] {
            var rest = Substring(html)
            while let start = rest.range(of: attribute) {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                let raw = String(rest[rest.startIndex..<end])
                    .replacingOccurrences(of: "&amp;", with: "&")
                if !RenderText.isExternalLink(raw) { out.append(Link(raw: raw, path: filePath(raw))) }
                rest = rest[end...]
            }
        }
        return out
    }

    static func markdownLinks(_ markdown: String) -> [Link] {
        var out: [Link] = []
        let chars = Array(markdown)
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "[", i + 1 < chars.count, chars[i + 1] == "[" {
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == "]" && chars[j + 1] == "]"), chars[j] != "\n" { j += 1 }
                if j + 1 < chars.count, chars[j] == "]" {
                    let inner = String(chars[(i + 2)..<j])
                    var name = String(inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)[0])
                    // `[[name\|label]]` in a table cell.
                    if name.hasSuffix("\\") { name.removeLast() }
                    if let hash = name.firstIndex(of: "#") { name = String(name[name.startIndex..<hash]) }
                    out.append(Link(raw: "[[\(inner)]]", path: name.trimmingWhitespace + ".md"))
                    i = j + 2
                    continue
                }
            }
            if chars[i] == "]", i + 1 < chars.count, chars[i + 1] == "(" {
                var j = i + 2
                while j < chars.count, chars[j] != ")", chars[j] != " ", chars[j] != "\n" { j += 1 }
                let raw = String(chars[(i + 2)..<min(j, chars.count)])
                if !RenderText.isExternalLink(raw) { out.append(Link(raw: raw, path: filePath(raw))) }
                i = j
                continue
            }
            i += 1
        }
        return out
    }
}
