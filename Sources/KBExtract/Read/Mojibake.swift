import Foundation
import KBModel
import KBMarkdown
/// Finds and repairs mojibake: UTF-8 text that was once decoded as Windows-1252
/// (or Latin-1) and saved again, so that "Pascal’s" reads "Pascalâ€™s".
///
/// After ftfy's approach: a run of characters is put back into the bytes
/// Windows-1252 gave them, and replaced by what those bytes say as UTF-8, only
/// when the round trip is valid UTF-8. To keep real text safe (an "é" followed by
/// two symbols is valid UTF-8 by accident), only the sequences mojibake really
/// produces are taken: a two-byte lead (`Â Ã … ß`) giving a Latin, Greek or
/// Cyrillic letter or a Latin-1 symbol, `â`
/// leading to general punctuation, symbols and arrows (’ “ ” – — … • €),
/// `ï»¿` (a byte-order mark) and `ð` leading to an emoji.
public enum Mojibake {
    /// One line that held mojibake.
    public struct Repair: Sendable, Hashable {
        /// 1-based line.
        public var line: Int
        /// The first damaged sequence on the line, as written ("â€™").
        public var original: String
        /// What it was repaired to ("’").
        public var repaired: String
        /// How many sequences the line held.
        public var count: Int
    }

    /// The text with its mojibake repaired, and the lines that held some.
    /// Text without a candidate lead character is returned as is, cheaply.
    public static func repair(_ text: String) -> (text: String, repairs: [Repair]) {
        // Every lead scalar (U+00C2 to U+00F0) is written 0xC3 then a second byte in UTF-8, so a
        // text without that byte has none: found with memchr, far cheaper than decoding
        // every scalar (transcripts are mostly such text).
        guard mayHoldLead(text), text.unicodeScalars.contains(where: isLead) else { return (text, []) }
        var repairs: [Repair] = []
        var out = String.UnicodeScalarView()
        var lineNumber = 1
        var changed = false
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            if lineNumber > 1 { out.append("\n") }
            if line.contains(where: isLead) {
                var fixed = Array(line)
                var found: Repair?
                // Mojibake of mojibake unwinds one layer per pass.
                for _ in 0..<3 {
                    guard let pass = repairLine(fixed) else { break }
                    if found == nil { found = Repair(line: lineNumber, original: pass.original, repaired: pass.repaired, count: pass.count) }
                    fixed = pass.scalars
                }
                if let found {
                    repairs.append(found)
                    changed = true
                    out.append(contentsOf: fixed)
                } else {
                    out.append(contentsOf: line)
                }
            } else {
                out.append(contentsOf: line)
            }
            lineNumber += 1
        }
        return changed ? (String(out), repairs) : (text, [])
    }

    /// True when the text holds mojibake `repair` would fix.
    public static func detect(_ text: String) -> Bool { !repair(text).repairs.isEmpty }

    // MARK: - The round trip

    /// False only when `text` holds no byte 0xC3, and so no scalar `isLead` takes.
    static func mayHoldLead(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(base, 0xC3, bytes.count) != nil
        }
    }

    private static func isLead(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0xC2...0xDF, 0xE2, 0xEF, 0xF0: return true
        default: return false
        }
    }

    /// One pass over a line; nil when nothing changed.
    private static func repairLine(_ scalars: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], original: String, repaired: String, count: Int)? {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var first: (String, String)?
        var count = 0
        var i = 0
        while i < scalars.count {
            if isLead(scalars[i]), let (decoded, length) = decode(scalars, at: i) {
                if first == nil {
                    first = (String(scalars: scalars[i..<(i + length)]), String(decoded))
                }
                count += 1
                // A byte-order mark that was mojibake is dropped, not restored.
                if decoded.value != 0xFEFF { out.append(decoded) }
                i += length
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        guard let first else { return nil }
        return (out, first.0, first.1, count)
    }

    /// The scalar the UTF-8 sequence starting at `i` encodes, and how many
    /// characters it spans, when the characters there are mojibake of one.
    private static func decode(_ scalars: [Unicode.Scalar], at i: Int) -> (Unicode.Scalar, Int)? {
        guard let lead = byte(scalars[i]) else { return nil }
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE2, 0xEF: length = 3
        case 0xF0: length = 4
        default: return nil
        }
        guard i + length <= scalars.count else { return nil }
        var bytes: [UInt8] = [lead]
        for k in 1..<length {
            guard let b = byte(scalars[i + k]), (0x80...0xBF).contains(b) else { return nil }
            bytes.append(b)
        }
        guard let string = String(validating: bytes, as: UTF8.self),
              let scalar = string.unicodeScalars.first, string.unicodeScalars.count == 1 else { return nil }
        switch lead {
        case 0xC2...0xDF:
            // Latin, Greek and Cyrillic letters and Latin-1 symbols: "Ö’" is no Hebrew accent.
            guard (0xA0...0x024F).contains(scalar.value) || (0x0370...0x04FF).contains(scalar.value) else { return nil }
        case 0xE2:
            // General punctuation, currency, letterlike symbols, arrows, math, boxes, shapes.
            guard (0x2000...0x27BF).contains(scalar.value) else { return nil }
        case 0xEF:
            guard scalar.value == 0xFEFF || scalar.value == 0xFFFD else { return nil }
        case 0xF0:
            // Emoji and pictographs.
            guard (0x1F000...0x1FAFF).contains(scalar.value) else { return nil }
        default:
            return nil
        }
        return (scalar, length)
    }

    /// The byte Windows-1252 (or, for its five holes and C1 controls, Latin-1)
    /// decodes to this character; nil when none does.
    static func byte(_ s: Unicode.Scalar) -> UInt8? {
        switch s.value {
        case 0x00...0xFF: return UInt8(s.value)
        default: return cp1252High[s.value]
        }
    }

    /// Windows-1252's characters for 0x80-0x9F that are not C1 controls.
    private static let cp1252High: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E,
        0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97,
        0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]
}

extension Mojibake {
    /// The warning kb prints for a repaired line.
    public static func warning(_ r: Repair) -> String {
        "mojibake repaired: \"\(r.original)\" read as \"\(r.repaired)\"" + (r.count > 1 ? " (and \(r.count - 1) more on this line)" : "")
    }
}
