/// Character classes with an ASCII fast path: the Unicode property tables cost a
/// lookup per scalar, and notes are overwhelmingly ASCII.
extension Unicode.Scalar {
    @inlinable @inline(__always) package var isWhitespaceFast: Bool {
        value < 128 ? (value == 32 || (value >= 9 && value <= 13)) : properties.isWhitespace
    }

    @inlinable @inline(__always) package var isAlphabeticFast: Bool {
        value < 128 ? ((value | 32) >= 97 && (value | 32) <= 122) : properties.isAlphabetic
    }

    /// A letter or a digit of any script.
    @inlinable @inline(__always) package var isAlphanumericFast: Bool {
        if value < 128 { return ((value | 32) >= 97 && (value | 32) <= 122) || (value >= 48 && value <= 57) }
        return properties.isAlphabetic || properties.numericType != nil
    }

    @inlinable @inline(__always) package var isUppercaseFast: Bool {
        value < 128 ? (value >= 65 && value <= 90) : properties.isUppercase
    }

    @inlinable @inline(__always) package var isLowercaseFast: Bool {
        value < 128 ? (value >= 97 && value <= 122) : properties.isLowercase
    }
}
