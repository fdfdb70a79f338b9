/// How much one answer of the server holds: a model reads all of it.
package enum Limits {
    /// The most results a tool returns (its `limit` is cut to this).
    package static let results = 100
    /// The most bytes of text in one answer or resource; longer text is cut at a line end.
    package static let textBytes = 100_000

    /// `text`, or its first lines up to `bytes` with a last line saying it was cut.
    package static func cut(_ text: String, bytes: Int = textBytes) -> (text: String, cut: String?) {
        let utf8 = text.utf8
        guard utf8.count > bytes else { return (text, nil) }
        var end = utf8.index(utf8.startIndex, offsetBy: bytes)
        // Back to the last line end, or at least to a character boundary.
        if let newline = utf8[..<end].lastIndex(of: UInt8(ascii: "\n")) { end = utf8.index(after: newline) }
        while end > utf8.startIndex, end.samePosition(in: text.unicodeScalars) == nil { end = utf8.index(before: end) }
        let shown = utf8.distance(from: utf8.startIndex, to: end)
        let note = "cut at \(bytes / 1000) KB: \(shown) of \(utf8.count) bytes shown"
        return (String(text[..<end]) + "\n… (\(note))\n", note)
    }
}
