import KBModel
import KBMarkdown
import Foundation

/// A note file's text, checked and fingerprinted.
public struct NoteText: Sendable {
    public var text: String
    /// FNV-1a 64 of the file's bytes, as 16 hex digits: tells a real edit from a touch.
    public var hash: String
    public var size: Int
}

/// Reads note files: bytes to checked UTF-8 text.
public enum NoteReader {
    /// Reads a file as UTF-8 text; a file that is not text fails with a one-line error.
    public static func readText(atPath path: String, displayPath: String) throws -> NoteText {
        try decode(try readData(atPath: path, displayPath: displayPath), displayPath: displayPath)
    }

    /// A file's bytes, refused with a one-line error when larger than `maxFileSize` or unreadable.
    public static func readData(atPath path: String, displayPath: String) throws -> Data {
        var st = stat()
        if stat(path, &st) == 0, Int(st.st_size) > maxFileSize {
            throw ReadError.unreadable(Diagnostic(file: displayPath, message: String(
                format: "too large to be a note (%.1f MB; kb reads notes up to %d MB)",
                Double(st.st_size) / 1_048_576, maxFileSize / 1_048_576)))
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: [.mappedIfSafe])
        } catch {
            throw ReadError.unreadable(Diagnostic(file: displayPath, message: "cannot read: \(describe(error, path: path))"))
        }
        return data
    }

    /// FNV-1a 64 of the bytes, as 16 hex digits, as `NoteText.hash`.
    public static func fingerprint(_ data: Data) -> String { fnv1a(data) }

    /// Notes are a few kilobytes; a file above this many bytes is refused unread
    /// (parsing 50 MB takes a minute and a gigabyte of memory).
    public static let maxFileSize = 16 * 1_048_576

    /// Checks and decodes a note's bytes.
    public static func decode(_ data: Data, displayPath: String) throws -> NoteText {
        NoteText(text: try checkedText(data, displayPath: displayPath), hash: fnv1a(data), size: data.count)
    }

    /// A file's bytes as text, checked as `decode` checks them, without the fingerprint (for
    /// a caller that has it already).
    public static func checkedText(_ data: Data, displayPath: String) throws -> String {
        // On the raw buffer: Data's own byte-by-byte access costs more than the check.
        try data.withUnsafeBytes { raw in
            var bytes = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeBufferPointer(rebasing: bytes.dropFirst(3)) }
            if let base = bytes.baseAddress, !bytes.isEmpty, let found = memchr(base, 0, bytes.count) {
                let nul = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                let line = bytes[..<nul].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
                throw ReadError.unreadable(Diagnostic(file: displayPath, line: line, message: "not a text file (holds a NUL byte)"))
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw ReadError.unreadable(Diagnostic(file: displayPath, line: firstInvalidUTF8Line(bytes), message: "not valid UTF-8"))
            }
            return text
        }
    }

    static func fnv1a(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for b in raw.bindMemory(to: UInt8.self) {
                h ^= UInt64(b)
                h &*= 0x0000_0100_0000_01B3
            }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The 1-based line of the first byte sequence that is not UTF-8.
    private static func firstInvalidUTF8Line(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.endIndex
            if String(validating: bytes[start..<end], as: UTF8.self) == nil { return line }
            line += 1
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return line
    }

    static func describe(_ error: Error, path: String) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code))).lowercased()
        }
        switch ns.code {
        case NSFileReadNoPermissionError: return "permission denied"
        case NSFileReadNoSuchFileError: return "no such file"
        default: return ns.localizedDescription
        }
    }
}
