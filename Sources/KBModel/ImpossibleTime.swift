/// A cited time its video cannot have (docs/citations.md, "Impossible times"): past the end
/// of the video's transcript, or, without one, far beyond every other citation of the video.
/// Notes write minutes and seconds one place too high (`07:37:00` for 07:37, `&t=22620s` for
/// 6:17): read one place lower, the time is the cited seconds over 60.
public enum ImpossibleTime {
    /// How far past a transcript's end a time may still be (a transcript can stop before the video).
    public static let tolerance = 20.0

    /// The time read one place lower: `07:37:00` → 07:37.
    public static func likelyReading(_ seconds: Int) -> Int { seconds / 60 }

    /// Whether `seconds` is past a transcript that ends at `end`.
    public static func isPastEnd(_ seconds: Int, end: Double) -> Bool { Double(seconds) > end + tolerance }

    /// Without a transcript: whether `seconds` lies far beyond the video's citations `all`
    /// (its own included): at least an hour, and more than twice their median, when the video
    /// has at least three. A note whose every time is written too high is not caught: there
    /// is nothing to compare with.
    public static func isFarBeyond(_ seconds: Int, among all: [Int]) -> Bool {
        guard seconds >= 3600, all.count >= 3 else { return false }
        let sorted = all.sorted()
        let median = sorted.count % 2 == 1 ? Double(sorted[sorted.count / 2])
            : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return Double(seconds) > 2 * median
    }
}
