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
    /// (its own included). Sorted, the citations jump at some point to at least an hour and
    /// more than three times the one before, with at least three below the jump; `seconds`
    /// is at or past the jump, and read one place lower it lands among the citations below
    /// (at most half again their latest); and its seconds place is `00`, as a time shifted
    /// one place up always is (`07:37:00`), as is every citation past the jump: another note
    /// of a long podcast citing `02:16:30` when the others stop at 36 minutes says the video
    /// runs that long. A long video whose later
    /// citations are merely sparse has no such jump. A video whose every time is written too
    /// high has nothing below the jump to compare with: `isAllShifted` covers it.
    public static func isFarBeyond(_ seconds: Int, among all: [Int]) -> Bool {
        VideoTimes(all).isFarBeyond(seconds)
    }

    /// A video's citations read once for `isFarBeyond`, which a check asks of each of them.
    public struct VideoTimes: Sendable {
        /// Every citation is written one place too high (`isAllShifted`).
        public let allShifted: Bool
        /// The first citation past the jump and the latest below it, when there is a jump
        /// whose citations past it are all whole minutes.
        public let jump: (first: Int, latestBelow: Int)?

        public init(_ all: [Int]) {
            let values = Set(all).sorted()
            allShifted = ImpossibleTime.isAllShifted(among: values)
            if let k = values.indices.first(where: { $0 >= 3 && values[$0] >= 3600 && values[$0] > 3 * values[$0 - 1] }),
               // Citations past the jump that name a second (`02:16:30`) say the video runs that long.
               values[k...].allSatisfy({ $0 % 60 == 0 }) {
                jump = (values[k], values[k - 1])
            } else {
                jump = nil
            }
        }

        public func isFarBeyond(_ seconds: Int) -> Bool {
            guard seconds % 60 == 0 else { return false }
            if allShifted { return true }
            guard let jump else { return false }
            return seconds >= jump.first && Double(ImpossibleTime.likelyReading(seconds)) <= 1.5 * Double(jump.latestBelow)
        }
    }

    /// Whether a video's citations `all` are all written one place too high: at least three
    /// distinct, every one a whole minute (`07:37:00`), and the latest past `shiftedLatest`,
    /// which a real video almost never runs to, while a 20-minute video's last citation
    /// shifted up reads 20:00:00. Then each is read one place lower.
    public static func isAllShifted(among all: [Int]) -> Bool {
        guard let latest = all.max(), latest >= shiftedLatest, all.allSatisfy({ $0 % 60 == 0 }) else { return false }
        return Set(all).count >= 3
    }

    /// Ten hours: a citation past it, in a video whose every citation is a whole minute, is a
    /// time written one place too high.
    public static let shiftedLatest = 36_000
}
