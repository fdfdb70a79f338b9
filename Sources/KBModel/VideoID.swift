/// The shape of a YouTube video id: eleven letters, digits, `-` or `_`.
public enum VideoID {
    /// Whether text has the shape of a YouTube video id.
    public static func isWellFormed(_ text: String) -> Bool {
        text.count == 11 && text.unicodeScalars.allSatisfy {
            ($0.value >= 48 && $0.value <= 57) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 97 && $0.value <= 122)
                || $0 == "-" || $0 == "_"
        }
    }
}
