/// The names nearest to what a user typed, by edit distance on lower-cased text: "did you
/// mean" for link targets (kb check), speakers, channels, videos and notes.
public struct NearestName: Sendable {
    /// Lower-cased names by length in bytes, with the name as written and its byte histogram.
    private var byLength: [Int: [(key: [UInt8], slug: String, histogram: Histogram)]] = [:]

    public init(_ slugs: [String]) {
        for slug in Set(slugs) {
            let bytes = Array(slug.lowercased().utf8)
            byLength[bytes.count, default: []].append((bytes, slug, Histogram(bytes)))
        }
    }

    /// The nearest name within a third of the typed text's length (at least 2 edits, at
    /// most 8); ties go to the name that sorts first.
    public func nearest(to typed: String) -> String? {
        nearest(to: typed, limit: 1).first
    }

    /// Up to `limit` names within that distance, nearest first.
    public func nearest(to typed: String, limit count: Int) -> [String] {
        let key = Array(typed.lowercased().utf8)
        guard !key.isEmpty, count > 0 else { return [] }
        let histogram = Histogram(key)
        let limit = min(8, max(2, key.count / 3))
        var best: [(distance: Int, slug: String)] = []
        func worse(_ a: (distance: Int, slug: String), _ b: (distance: Int, slug: String)) -> Bool {
            a.distance != b.distance ? a.distance > b.distance : a.slug > b.slug
        }
        for length in max(1, key.count - limit)...(key.count + limit) {
            for (candidate, slug, candidateHistogram) in byLength[length] ?? [] {
                let bound = best.count < count ? limit : min(limit, best.last!.distance)
                guard abs(candidate.count - key.count) <= bound,
                      histogram.editsAtLeast(candidateHistogram) <= bound,
                      let d = Self.distance(key, candidate, limit: bound) else { continue }
                let found = (distance: d, slug: slug)
                if best.count == count, !worse(best.last!, found) { continue }
                best.append(found)
                best.sort { worse($1, $0) }
                if best.count > count { best.removeLast() }
            }
        }
        return best.map(\.slug)
    }

    /// Up to `limit` of `names` nearest to `typed`, for "did you mean" under a filter or a
    /// name: names containing it (or contained in it) first, the closest in length first,
    /// then by edit distance (at most half its length, at least 3); case-insensitive.
    public static func closest(to typed: String, among names: [String], limit: Int = 3) -> [String] {
        let key = typed.lowercased()
        let bytes = Array(key.utf8)
        var scored: [(rank: Int, name: String)] = []
        for name in Set(names) where !name.isEmpty {
            let lower = name.lowercased()
            if lower.contains(key) || key.contains(lower) {
                scored.append((abs(lower.count - key.count) - 1000, name))
            } else if let d = distance(bytes, Array(lower.utf8), limit: max(3, bytes.count / 2)) {
                scored.append((d, name))
            }
        }
        scored.sort { ($0.rank, $0.name) < ($1.rank, $1.name) }
        return scored.prefix(limit).map(\.name)
    }

    /// Byte counts in 32 buckets: a lower bound on the edit distance of two strings costs
    /// 32 subtractions, and rules out most slugs before the distance table.
    package struct Histogram {
        private var counts = [Int16](repeating: 0, count: 32)

        package init(_ bytes: [UInt8]) {
            for b in bytes { counts[Int(b & 31)] += 1 }
        }

        /// An edit changes at most one count up and one down, so the edits needed are at
        /// least the larger of the total surplus and the total deficit.
        package func editsAtLeast(_ other: Histogram) -> Int {
            var surplus = 0, deficit = 0
            for k in 0..<32 {
                let d = Int(counts[k]) - Int(other.counts[k])
                if d > 0 { surplus += d } else { deficit -= d }
            }
            return max(surplus, deficit)
        }
    }

    /// Levenshtein distance, or nil once it exceeds `limit`.
    ///
    /// Only the diagonal band of width `2 × limit + 1` is computed (Ukkonen): a cell
    /// further off the diagonal is already more than `limit` edits away. With 20,000
    /// slugs and thousands of missing targets, the full table made `kb check` crawl.
    public static func distance<T: Equatable>(_ a: [T], _ b: [T], limit: Int) -> Int? {
        if a == b { return 0 }
        let n = a.count, m = b.count
        guard abs(n - m) <= limit else { return nil }
        guard n > 0, m > 0 else { return max(n, m) }
        let outside = limit + 1
        // Cells never written stay `outside`: the band moves right one column per row.
        var previous = [Int](repeating: outside, count: m + 1)
        var current = [Int](repeating: outside, count: m + 1)
        for j in 0...min(m, limit) { previous[j] = j }
        for i in 1...n {
            let lo = max(1, i - limit), hi = min(m, i + limit)
            current[lo - 1] = lo == 1 ? min(i, outside) : outside
            var rowMin = current[lo - 1]
            for j in lo...hi {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                let v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost, outside)
                current[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return nil }
            swap(&previous, &current)
        }
        let d = previous[m]
        return d <= limit ? d : nil
    }
}
