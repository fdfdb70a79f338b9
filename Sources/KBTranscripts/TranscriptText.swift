import KBModel
import KBExtract
import Foundation

/// Byte-level helpers the transcript parsers share: lines, cue text (tags out, entities
/// decoded, inline word times and voices kept), and a diagnostic log that does not flood.

/// One line of a text: its bytes without the line end (`\n`, `\r\n`) or trailing spaces.
struct ByteLine {
    /// 1-based line number in the text.
    var number: Int
    var bytes: Slice<UnsafeBufferPointer<UInt8>>
    /// True for a line with nothing at all on it; a line of spaces is blank but not empty.
    var isEmpty: Bool

    /// Nothing but white space.
    var isBlank: Bool { bytes.isEmpty }
}

enum ByteLines {
    /// Calls `body` for each line of `text`'s UTF-8, in order; a leading byte-order mark is skipped.
    static func forEach(_ text: String, _ body: (ByteLine) throws -> Void) rethrows {
        var text = text
        try text.withUTF8 { buffer in
            try forEach(buffer, body)
        }
    }

    static func forEach(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (ByteLine) throws -> Void) rethrows {
        var start = 0
        let n = buffer.count
        if n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        var number = 1
        guard let base = buffer.baseAddress else { return }
        while start < n {
            var end = n
            if let found = memchr(base + start, 10, n - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            var hi = end
            while hi > start, buffer[hi - 1] == 13 { hi -= 1 }
            let empty = hi == start
            while hi > start, buffer[hi - 1] == 13 || buffer[hi - 1] == 32 || buffer[hi - 1] == 9 { hi -= 1 }
            try body(ByteLine(number: number, bytes: buffer[start..<hi], isEmpty: empty))
            number += 1
            start = end + 1
        }
    }

    /// The bytes without leading spaces and tabs.
    @inline(__always)
    static func trimLeading(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var lo = bytes.startIndex
        while lo < bytes.endIndex, bytes[lo] == 32 || bytes[lo] == 9 { lo += 1 }
        return bytes[lo..<bytes.endIndex]
    }

    /// Whether the bytes start with the ASCII `prefix`.
    @inline(__always)
    static func hasPrefix(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ prefix: StaticString) -> Bool {
        let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        guard bytes.count >= p.count else { return false }
        var i = bytes.startIndex
        for b in p {
            if bytes[i] != b { return false }
            i += 1
        }
        return true
    }

    /// Offset of the first `-->` in the bytes.
    @inline(__always)
    static func arrow(in bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var i = bytes.startIndex
        while i + 2 < bytes.endIndex {
            if bytes[i] == 45, bytes[i + 1] == 45, bytes[i + 2] == 62 { return i }
            i += 1
        }
        return nil
    }

    static func string(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
    }

    /// Whether the bytes are all ASCII digits (and there is at least one).
    static func isInteger(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}

/// One line of cue text made plain: markup removed, white space collapsed, with the voices
/// (`<v Name>`) and inline times (`<00:00:01.500>`) it held, at byte offsets into `text`.
struct CueLine {
    var text: [UInt8] = []
    var voices: [(offset: Int, name: String)] = []
    var times: [(offset: Int, seconds: Double)] = []

    var isBlank: Bool { text.isEmpty }
    var hasTimes: Bool { !times.isEmpty }
    var string: String { String(decoding: text, as: UTF8.self) }
}

enum CueText {
    /// Tags removed from cue text: WebVTT's (`c`, `i`, `b`, `u`, `v`, `lang`, `ruby`, `rt`, `s`)
    /// and SubRip's (`i`, `b`, `u`, `s`, `font`), each with classes (`c.colorE5E5E5`) or
    /// attributes (`font color="#fff"`). Anything else in angle brackets (`x <y and z> w`) is text.
    private static let tags: [[UInt8]] = ["c", "i", "b", "u", "v", "lang", "ruby", "rt", "s", "font", "span"].map { Array($0.utf8) }

    /// Whether the bytes name a known tag, in any case; no allocation (a rolling caption has two tags a word).
    @inline(__always)
    private static func isTag(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !name.isEmpty, name.count <= 4 else { return false }
        outer: for tag in tags where tag.count == name.count {
            var i = name.startIndex
            for t in tag {
                let b = name[i]
                if (b >= 65 && b <= 90 ? b | 0x20 : b) != t { continue outer }
                i += 1
            }
            return true
        }
        return false
    }

    /// Appends one byte of cue text to `text`: runs of spaces and tabs become one space,
    /// none at the start, and a trailing one only once a visible byte follows.
    ///
    /// A static function over `inout` arguments rather than a local function capturing
    /// `out` and `pendingSpace`: the captured variables were checked for exclusive access
    /// at run time on every byte (`swift_beginAccess`, ~0.4 s of the ~3.3 s of CPU that
    /// parsing 1,000 hours of transcripts takes, scripts/bench). Same bytes out
    /// (`cueTextCleanKeepsItsOutput` in the tests).
    @inline(__always)
    private static func emit(_ b: UInt8, to text: inout [UInt8], pendingSpace: inout Bool) {
        if b == 32 || b == 9 {
            if !text.isEmpty { pendingSpace = true }
            return
        }
        if pendingSpace {
            text.append(32)
            pendingSpace = false
        }
        text.append(b)
    }

    /// Reads one line of cue text.
    static func clean(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> CueLine {
        var out = CueLine()
        out.text.reserveCapacity(bytes.count)
        var pendingSpace = false
        // Where the next visible character will go (`out.text.count`): marks sit before the
        // space that precedes a word.
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b == 60, let close = tagEnd(bytes, from: i) {  // '<'
                let inner = bytes[(i + 1)..<close]
                if let first = inner.first, first >= 48 && first <= 57, let t = TimeText.cueSeconds(utf8: inner) {
                    out.times.append((out.text.count, t))
                    i = close + 1
                    continue
                }
                var nameStart = inner.startIndex
                let closing = inner.first == 47  // '/'
                if closing { nameStart += 1 }
                var nameEnd = nameStart
                while nameEnd < inner.endIndex, inner[nameEnd] != 32, inner[nameEnd] != 9, inner[nameEnd] != 46 { nameEnd += 1 }
                let name = inner[nameStart..<nameEnd]
                if isTag(name) {
                    if !closing, name.count == 1, name.first! | 0x20 == 118 {  // <v Name>: the annotation after the first space
                        var a = nameEnd
                        while a < inner.endIndex, inner[a] != 32, inner[a] != 9 { a += 1 }  // classes: <v.loud Name>
                        let voice = String(decoding: UnsafeBufferPointer(rebasing: inner[a..<inner.endIndex]), as: UTF8.self).trimmingWhitespace
                        if !voice.isEmpty { out.voices.append((out.text.count, voice)) }
                    }
                    i = close + 1
                    continue
                }
            } else if b == 123, i + 1 < end, bytes[i + 1] == 92, let close = bytes[i...].firstIndex(of: 125) {
                // `{\an8}`: an ASS override that SubRip files carry.
                i = close + 1
                continue
            } else if b == 38, let (decoded, next) = entity(bytes, at: i) {  // '&'
                for d in decoded { emit(d, to: &out.text, pendingSpace: &pendingSpace) }
                i = next
                continue
            }
            emit(b, to: &out.text, pendingSpace: &pendingSpace)
            i += 1
        }
        // A time or voice after the last character points past the text: keep it at the end.
        return out
    }

    /// Index of the `>` closing a tag that opens at `start`, when it closes on this line
    /// within 200 bytes and the tag starts like one (a letter, `/` or a digit).
    @inline(__always)
    private static func tagEnd(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, from start: Int) -> Int? {
        let next = start + 1
        guard next < bytes.endIndex else { return nil }
        let c = bytes[next]
        guard c == 47 || (c | 0x20 >= 97 && c | 0x20 <= 122) || (c >= 48 && c <= 57) else { return nil }
        var k = next
        let limit = min(bytes.endIndex, start + 200)
        while k < limit {
            if bytes[k] == 62 { return k }
            if bytes[k] == 60 { return nil }
            k += 1
        }
        return nil
    }

    private static let named: [[UInt8]: [UInt8]] = [
        Array("amp".utf8): [38], Array("lt".utf8): [60], Array("gt".utf8): [62], Array("quot".utf8): [34],
        Array("apos".utf8): [39], Array("nbsp".utf8): [32], Array("lrm".utf8): [], Array("rlm".utf8): [],
        Array("hellip".utf8): Array("…".utf8), Array("mdash".utf8): Array("—".utf8), Array("ndash".utf8): Array("–".utf8),
        Array("rsquo".utf8): Array("’".utf8), Array("lsquo".utf8): Array("‘".utf8),
        Array("rdquo".utf8): Array("”".utf8), Array("ldquo".utf8): Array("“".utf8),
    ]

    /// The bytes an HTML entity at `at` stands for, and where the text goes on; nil when
    /// `&` starts no entity kb knows (it stays as written).
    private static func entity(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, at: Int) -> ([UInt8], Int)? {
        var k = at + 1
        let limit = min(bytes.endIndex, at + 12)
        while k < limit, bytes[k] != 59 { k += 1 }  // ';'
        guard k < limit, k > at + 1 else { return nil }
        let body = bytes[(at + 1)..<k]
        if body.first == 35 {  // '#'
            var digits = body.dropFirst()
            var radix: UInt32 = 10
            if let x = digits.first, x == 120 || x == 88 { radix = 16; digits = digits.dropFirst() }
            guard !digits.isEmpty else { return nil }
            var value: UInt32 = 0
            for d in digits {
                let v: UInt32
                switch d {
                case 48...57: v = UInt32(d - 48)
                case 97...102 where radix == 16: v = UInt32(d - 87)
                case 65...70 where radix == 16: v = UInt32(d - 55)
                default: return nil
                }
                value = value * radix + v
                if value > 0x10FFFF { return nil }
            }
            guard let scalar = Unicode.Scalar(value), value != 0 else { return nil }
            if value == 0xA0 { return ([32], k + 1) }
            var out: [UInt8] = []
            UTF8.encode(scalar) { out.append($0) }
            return (out, k + 1)
        }
        guard let decoded = named[Array(body)] else { return nil }
        return (decoded, k + 1)
    }
}

/// Diagnostics of one file, at most `limit` of each kind; the rest are counted and said once.
struct DiagnosticLog {
    let file: String
    let limit: Int
    private(set) var items: [Diagnostic] = []
    private var counts: [String: Int] = [:]
    private var order: [String] = []

    init(file: String, limit: Int = 5) {
        self.file = file
        self.limit = limit
    }

    /// Records a problem of `kind` (a plural noun phrase: "overlapping cues").
    mutating func add(_ kind: String, line: Int?, _ message: @autoclosure () -> String) {
        let seen = counts[kind, default: 0]
        if seen == 0 { order.append(kind) }
        counts[kind] = seen + 1
        if seen < limit { items.append(Diagnostic(file: file, line: line, message: message())) }
    }

    /// Every kept diagnostic, then one line per kind that had more than `limit`.
    var all: [Diagnostic] {
        var out = items
        for kind in order where counts[kind]! > limit {
            out.append(Diagnostic(file: file, message: "\(counts[kind]! - limit) more \(kind) not listed"))
        }
        return out
    }
}
