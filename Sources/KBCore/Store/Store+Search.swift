import Foundation

/// Where a claim sits, for evaluation output and judging.
public struct ClaimPlace: Sendable, Hashable, Codable {
    public var claim: Int64
    /// The note's absolute file.
    public var file: String
    public var line: Int
    public var title: String
    public var section: String
    public var text: String
}

extension Store {
    /// The claims that start on `line` of the note stored for `file` (absolute path), in order.
    public func claims(inFile file: String, line: Int) throws -> [(id: Int64, text: String)] {
        try read {
            try db.cached("""
                SELECT c.id, c.text FROM claims c JOIN notes n ON n.id = c.note
                WHERE n.file = ? AND c.line = ? ORDER BY c.ordinal
                """).rows(file, line).map { (id: $0.int(0) ?? 0, text: $0.string(1) ?? "") }
        }
    }

    /// Places of the given claims, keyed by id.
    public func claimPlaces(_ ids: [Int64]) throws -> [Int64: ClaimPlace] {
        try read {
            var out: [Int64: ClaimPlace] = [:]
            for row in try db.cached("""
                SELECT c.id, n.file, c.line, coalesce(n.title, n.slug), c.section, c.text
                FROM claims c JOIN notes n ON n.id = c.note
                WHERE c.id IN (SELECT value FROM json_each(?))
                """).rows(Self.jsonArray(ids)) {
                let id = row.int(0) ?? 0
                out[id] = ClaimPlace(claim: id, file: row.string(1) ?? "", line: Int(row.int(2) ?? 0),
                                     title: row.string(3) ?? "", section: row.string(4) ?? "", text: row.string(5) ?? "")
            }
            return out
        }
    }
}
