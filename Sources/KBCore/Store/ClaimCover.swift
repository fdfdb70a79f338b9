import CSQLite

/// `kb_cover(claims_fts, map)`: how many of a query's concepts a row holds, in any column.
///
/// A search's MATCH expression lists each concept's forms as phrases ("datacenters" OR
/// "data centers"); `map` names, phrase by phrase in FTS5's order, the concept the phrase
/// stands for ("0 0 1 -1": phrases 0 and 1 are concept 0, phrase 2 concept 1, phrase 3 none).
/// Ordering by it first, then by bm25, puts the claims holding every concept ahead of those
/// holding some, in one pass over the matches, whatever their bm25.
enum ClaimCover {
    static func register(on db: Database) throws {
        try db.createFTS5Function("kb_cover", context: Box(), function)
    }

    /// `createFTS5Function` wants an object.
    final class Box {}

    /// One query's map, parsed once.
    final class Map {
        let concept: [Int]
        let concepts: Int
        var seen: [Bool]

        init(_ text: String) {
            concept = text.split(separator: " ").map { Int($0) ?? -1 }
            concepts = (concept.max() ?? -1) + 1
            seen = Array(repeating: false, count: concepts)
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
            let rc = x.xSetAuxdata(fts, Unmanaged.passRetained(map).toOpaque()) {
                Unmanaged<Map>.fromOpaque($0!).release()
            }
            guard rc == SQLITE_OK else { sqlite3_result_error_code(context, rc); return }
        }
        for i in map.seen.indices { map.seen[i] = false }
        var instances: Int32 = 0
        var rc = x.xInstCount(fts, &instances)
        var covered = 0
        var i: Int32 = 0
        while rc == SQLITE_OK && i < instances && covered < map.concepts {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            rc = x.xInst(fts, i, &phrase, &column, &offset)
            if rc == SQLITE_OK, Int(phrase) < map.concept.count, case let c = map.concept[Int(phrase)], c >= 0, !map.seen[c] {
                map.seen[c] = true
                covered += 1
            }
            i += 1
        }
        guard rc == SQLITE_OK else { sqlite3_result_error_code(context, rc); return }
        sqlite3_result_int(context, Int32(covered))
    }
}
