import MCP
import Foundation

/// JSON text to the SDK's `Value`, read in one pass.
///
/// `Value`'s own `Decodable` init tries Bool, Int, Double, String and Array before it takes an
/// object, each failing try throwing an error: for a 27 KB answer of `verify` that cost 9 ms
/// of a 27 ms call. Numbers read as the SDK reads them: an integer when the number is one
/// that fits an Int (`2`, `2.0`, `1e3`), else a double.
struct JSONValueReader {
    private let bytes: [UInt8]
    private var i = 0

    static func read(_ data: Data) throws -> Value {
        var reader = JSONValueReader(bytes: [UInt8](data))
        let value = try reader.value()
        reader.skipSpace()
        guard reader.i == reader.bytes.count else { throw reader.error("trailing text") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func error(_ what: String) -> Error {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "JSON: \(what) at byte \(i)"))
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws -> Value {
        skipSpace()
        guard i < bytes.count else { throw error("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func literal(_ word: String, _ value: Value) throws -> Value {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw error("bad literal") }
        i += w.count
        return value
    }

    private mutating func object() throws -> Value {
        i += 1
        var members: [String: Value] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected :") }
            i += 1
            members[key] = try value()
            skipSpace()
            guard i < bytes.count else { throw error("unclosed object") }
            i += 1
            if bytes[i - 1] == UInt8(ascii: "}") { return .object(members) }
            guard bytes[i - 1] == UInt8(ascii: ",") else { throw error("expected , or }") }
        }
    }

    private mutating func array() throws -> Value {
        i += 1
        var items: [Value] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw error("unclosed array") }
            i += 1
            if bytes[i - 1] == UInt8(ascii: "]") { return .array(items) }
            guard bytes[i - 1] == UInt8(ascii: ",") else { throw error("expected , or ]") }
        }
    }

    private mutating func number() throws -> Value {
        let start = i
        while i < bytes.count, case let b = bytes[i],
              (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            i += 1
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if let n = Int(text) { return .int(n) }
        guard let d = Double(text) else { throw error("bad number") }
        // As JSONDecoder reads Int: any integral number that fits (1e3, 2.0).
        if d == d.rounded(), d >= -9.2e18, d <= 9.2e18 { return .int(Int(d)) }
        return .double(d)
    }

    /// A string at its opening quote, escapes read (`\uXXXX` with surrogate pairs).
    private mutating func string() throws -> String {
        i += 1
        var out = [UInt8]()
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard b == UInt8(ascii: "\\") else { out.append(b); continue }
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
            default: out.append(e)  // \" \\ \/
            }
        }
        throw error("unclosed string")
    }

    /// The scalar of `\uXXXX` (after the `u`), joining a surrogate pair, as UTF-8.
    private mutating func unicodeEscape() throws -> [UInt8] {
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
            i += 2
            let low = try hex4()
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        return Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8)
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count, let n = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else {
            throw error("bad \\u escape")
        }
        i += 4
        return n
    }
}
