import KBModel
import KBExtract
import CSQLite

/// `kb_cover(claims_fts, map)`: how many of a query's concepts a row holds (in any column),
/// and, below that, how many neighbouring pairs of them its text holds side by side.
///
/// A search's MATCH expression lists each concept's forms as phrases ("datacenters" OR
/// "data centers"); `map` names, phrase by phrase in FTS5's order, the concept the phrase
/// stands for ("0 0 1 -1": phrases 0 and 1 are concept 0, phrase 2 concept 1, phrase 3 none).
/// The value is `concepts held × 64 + pairs side by side` (at most 63): ordering by it, then
/// by bm25, puts the claims holding every concept first, those that say "product strategy"
/// ahead of those saying "product" and "strategy" apart, in one pass over the matches.
/// Concepts c and c + 1 (the query's order) stand side by side when the second starts right
/// after the first, or one or two words later ("end of Moore's law", "law of the sea").
enum ClaimCover {
    static func register(on db: Database) throws {
        try db.createFTS5Function("kb_cover", context: Box(), function)
    }

    /// `createFTS5Function` wants an object.
    final class Box {}

    /// Words allowed between neighbouring concepts.
    static let gap: Int32 = 2

    /// One query's map, parsed once, and the per-row scratch.
    final class Map {
        let concept: [Int]
        let concepts: Int
        var seen: [Bool]
        /// Per concept, the text-column positions (start, end) where it stands in this row.
        var spans: [[(start: Int32, end: Int32)]]
        var sizes: [Int32] = []

        init(_ text: String) {
            concept = text.split(separator: " ").map { Int($0) ?? -1 }
            concepts = (concept.max() ?? -1) + 1
            seen = Array(repeating: false, count: concepts)
            spans = Array(repeating: [], count: concepts)
        }
    }

    static let function: fts5_extension_function = { api, fts, context, argumentCount, arguments in
        guard let api, let fts else { return }
        let x = api.pointee
        let map: Map
        if let aux = x.xGetAuxdata?(fts, 0) {
            map = Unmanaged<Map>.fromOpaque(aux).takeUnretainedValue()
        } else {
            var text = ""
            if argumentCount > 0, let value = arguments?[0], let bytes = sqlite3_value_text(value) {
                text = String(cString: bytes)
            }
            map = Map(text)
            map.sizes = (0..<x.xPhraseCount(fts)).map { x.xPhraseSize(fts, $0) }
            let rc = x.xSetAuxdata(fts, Unmanaged.passRetained(map).toOpaque()) {
                Unmanaged<Map>.fromOpaque($0!).release()
            }
            guard rc == SQLITE_OK else { sqlite3_result_error_code(context, rc); return }
        }
        for i in map.seen.indices {
            map.seen[i] = false
            map.spans[i].removeAll(keepingCapacity: true)
        }
        var instances: Int32 = 0
        var rc = x.xInstCount(fts, &instances)
        var covered = 0
        var i: Int32 = 0
        while rc == SQLITE_OK && i < instances {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            rc = x.xInst(fts, i, &phrase, &column, &offset)
            i += 1
            guard rc == SQLITE_OK, Int(phrase) < map.concept.count, case let c = map.concept[Int(phrase)], c >= 0 else { continue }
            if !map.seen[c] {
                map.seen[c] = true
                covered += 1
            }
            if column == 0, Int(phrase) < map.sizes.count {
                map.spans[c].append((offset, offset + map.sizes[Int(phrase)]))
            }
        }
        guard rc == SQLITE_OK else { sqlite3_result_error_code(context, rc); return }
        var pairs = 0
        if map.concepts > 1 {
            for c in 0..<(map.concepts - 1) where !map.spans[c].isEmpty && !map.spans[c + 1].isEmpty {
                let side = map.spans[c].contains { a in
                    map.spans[c + 1].contains { b in b.start >= a.end && b.start <= a.end + gap }
                }
                if side { pairs += 1 }
            }
        }
        sqlite3_result_int(context, Int32(covered * 64 + min(pairs, 63)))
    }
}
