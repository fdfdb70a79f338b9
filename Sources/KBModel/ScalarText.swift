/// Strings built from scalars by encoding them straight to UTF-8.
///
/// `String.UnicodeScalarView`'s `append(contentsOf:)` and its `init` from a slice go
/// through unspecialised generic code; on the index's hot paths (every sentence,
/// every token) that cost more than the extraction around it.
extension String {
    package init(scalars: ArraySlice<Unicode.Scalar>) {
        var ascii = true
        for s in scalars where s.value >= 0x80 { ascii = false; break }
        if ascii {
            self.init(unsafeUninitializedCapacity: scalars.count) { buffer in
                var i = 0
                for s in scalars {
                    buffer[i] = UInt8(truncatingIfNeeded: s.value)
                    i += 1
                }
                return i
            }
        } else {
            var buffer = ScalarBuffer()
            buffer.reserveCapacity(scalars.count * 2)
            for s in scalars { buffer.append(s) }
            self = buffer.string
        }
    }

    package init(scalars: [Unicode.Scalar]) {
        self.init(scalars: scalars[...])
    }

    /// The text's scalars in one decoding pass (`Array(unicodeScalars)` walks the text
    /// twice: once to count, once to copy).
    package var scalarArray: [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(utf8.count)
        for s in unicodeScalars { scalars.append(s) }
        return scalars
    }

    /// `lowercased()`, without its Unicode tables when the text is ASCII.
    package var lowercasedFast: String {
        var ascii = true
        var hasUpper = false
        for b in utf8 {
            if b >= 0x80 { ascii = false; break }
            if b >= 65 && b <= 90 { hasUpper = true }
        }
        guard ascii else { return lowercased() }
        guard hasUpper else { return self }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            var i = 0
            for b in utf8 {
                buffer[i] = (b >= 65 && b <= 90) ? b | 0x20 : b
                i += 1
            }
            return i
        }
    }
}

extension String {
    /// Whether every byte is ASCII, so that bytes, scalars and characters coincide.
    package var isASCII: Bool {
        utf8.withContiguousStorageIfAvailable(Self.allASCII) ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// Whether the UTF-8 holds `byte`, scanned as a buffer (the UTF8View's iterator is
    /// several times slower over a whole note).
    package func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }

    /// Eight bytes at a time: every word, sentence and tag on the hot paths asks this.
    private static func allASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
        }
        while i < n {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }
}

/// A string under construction, a scalar at a time, kept as UTF-8 bytes.
package struct ScalarBuffer: Sendable {
    // Package-visible so that the members below can be inlined into the extractor's
    // loops in other modules (a call per scalar otherwise).
    @usableFromInline package var bytes: [UInt8] = []

    @inlinable package init() {}

    @inlinable package var isEmpty: Bool { bytes.isEmpty }

    @inlinable package mutating func reserveCapacity(_ n: Int) { bytes.reserveCapacity(n) }

    @inlinable @inline(__always) package mutating func append(_ s: Unicode.Scalar) {
        UTF8.encode(s) { bytes.append($0) }
    }

    @inlinable package mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Whether the text ends with this ASCII character.
    @inlinable package func ends(with ascii: Unicode.Scalar) -> Bool { bytes.last == UInt8(truncatingIfNeeded: ascii.value) }

    /// Drops a last character known to be ASCII (see `ends(with:)`).
    @inlinable package mutating func removeLastASCII() { bytes.removeLast() }

    /// The bytes are valid UTF-8 by construction.
    @inlinable package var string: String { String(decoding: bytes, as: UTF8.self) }
}

extension Substring {
    /// The text without leading and trailing whitespace (Unicode's White_Space).
    package var trimmingWhitespace: String {
        let bytes = utf8
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
        var lo = bytes.startIndex
        var hi = bytes.endIndex
        while lo < hi, isSpace(bytes[lo]) { lo = bytes.index(after: lo) }
        while hi > lo, isSpace(bytes[bytes.index(before: hi)]) { hi = bytes.index(before: hi) }
        guard lo < hi else { return "" }
        // Edges that are not ASCII may be other white space (no-break space): ask Unicode.
        if bytes[lo] < 0x80, bytes[bytes.index(before: hi)] < 0x80 { return String(self[lo..<hi]) }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespaceFast }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhitespaceFast })!
        return String(scalars[first...last])
    }
}

extension String {
    /// The text without leading and trailing whitespace (Unicode's White_Space).
    package var trimmingWhitespace: String { self[...].trimmingWhitespace }
}

/// A cheap first test for membership in a fixed set of words, before hashing a String.
///
/// Most words a tokenizer meets are in no lexicon, and a Set<String> lookup seeds and runs
/// SipHash each time. Here an ASCII word is ruled out by its first byte, last byte and length
/// alone (one bit of a 16,384-bit table); a word that is not ASCII is never ruled out, because
/// String equality is canonical equivalence (the Kelvin sign equals "K", the Greek question
/// mark ";").
package struct WordFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 256)
    /// A listed word that is empty or not ASCII could equal words of other shapes: no shortcut.
    private var acceptsAll = false

    package init<S: Sequence<String>>(_ words: S) {
        for w in words {
            guard let first = w.utf8.first, let last = w.utf8.last, w.isASCII else { acceptsAll = true; continue }
            let k = Self.slot(first, last, w.utf8.count)
            bits[k >> 6] |= 1 << UInt64(k & 63)
        }
    }

    /// Five bits of each end byte (letters apart, case folded) and four of the length.
    @inline(__always) private static func slot(_ first: UInt8, _ last: UInt8, _ count: Int) -> Int {
        Int(first & 31) << 9 | Int(last & 31) << 4 | min(count, 15)
    }

    /// False only when `word` is certainly not in the set.
    @inline(__always) package func mayContain(_ word: String) -> Bool {
        if acceptsAll { return true }
        let bytes = word.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        let k = Self.slot(first, last, bytes.count)
        if bits[k >> 6] & (1 << UInt64(k & 63)) != 0 { return true }
        return !word.isASCII
    }
}

extension String {
    /// The first occurrence of `needle`, compared byte for byte: the same as Foundation's
    /// `range(of:)` when both strings are ASCII (then every byte is a Character of its own).
    package func utf8Range(of needle: String) -> Range<String.Index>? {
        let found = utf8.withContiguousStorageIfAvailable { Self.firstOffset(of: needle, in: $0) }
            ?? Self.firstOffset(of: needle, in: Array(utf8))
        guard let offset = found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    private static func firstOffset<C: RandomAccessCollection<UInt8>>(of needle: String, in hay: C) -> Int? where C.Index == Int {
        let n = needle.utf8.count
        guard let first = needle.utf8.first else { return nil }  // as Foundation: "" is never found
        var i = hay.startIndex
        while i <= hay.endIndex - n {
            if hay[i] == first {
                var k = i
                var matched = true
                for b in needle.utf8 {
                    if hay[k] != b { matched = false; break }
                    k += 1
                }
                if matched { return i - hay.startIndex }
            }
            i += 1
        }
        return nil
    }
}
