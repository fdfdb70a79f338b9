import KBModel
import KBExtract
import CSQLite
import Foundation

/// `kb_rank(claims_fts, weights…)`: FTS5's bm25, computed the same way, reading each
/// claim's length in tokens from `claim_lengths` instead of `claims_fts_docsize`.
///
/// bm25 looks up every matching row's length with one statement per row; a common
/// word matches tens of thousands of claims, and those lookups were most of a search.
/// `claim_lengths` holds the same numbers, 2,048 claims to a row, so a query reads
/// each such row once. A claim it has no length for (0) is looked up as bm25 does.
package enum ClaimRank {
    /// The SQL for the ranking used by search: title weighs 4 and section 2 against text.
    package static let sql = "kb_rank(claims_fts, 1.0, 4.0, 2.0)"

    /// Claims per `claim_lengths` row: a claim's row is `id >> chunkShift`.
    static let chunkShift = 11
    static let chunkSize = 1 << chunkShift

    /// Registers `kb_rank` on a connection; every `Store` does.
    @discardableResult
    static func register(on db: Database) throws -> Connection {
        let connection = Connection(db)
        try db.createFTS5Function("kb_rank", context: connection, function)
        try ClaimCover.register(on: db)
        return connection
    }

    /// The connection's state: where lengths are read from.
    final class Connection {
        weak var db: Database?
        /// The idf of each phrase of the last query ranked on this connection, in FTS5's
        /// phrase order: search weighs a query's words by it.
        var lastIDF: [Double] = []
        init(_ db: Database) { self.db = db }

        /// The lengths of chunk `chunk`, as stored; empty when the chunk has none.
        func lengths(chunk: Int64) -> [UInt16] {
            guard let db,
                  let row = try? db.cached("SELECT lengths FROM claim_lengths WHERE chunk = ?").rows(chunk).first,
                  let bytes = row.blob("lengths") else { return [] }
            return ClaimRank.decode(bytes)
        }
    }

    /// One query's state: bm25's per-query numbers and the lengths read so far.
    final class Query {
        let idf: [Double]
        let averageLength: Double
        var frequencies: [Double]
        var chunks: [[UInt16]?] = []

        init(idf: [Double], averageLength: Double) {
            self.idf = idf
            self.averageLength = averageLength
            frequencies = Array(repeating: 0, count: idf.count)
        }

        /// The claim's stored length, or nil (unknown, or the lengths row is missing).
        func length(of rowid: Int64, from connection: Connection) -> Int? {
            // Claim ids count up from 1; a stray huge one is asked of FTS5, not given a table.
            guard rowid >= 0, rowid >> Int64(ClaimRank.chunkShift) < 1 << 22 else { return nil }
            let chunk = Int(rowid >> Int64(ClaimRank.chunkShift))
            if chunk >= chunks.count { chunks += Array(repeating: nil, count: chunk - chunks.count + 1) }
            if chunks[chunk] == nil { chunks[chunk] = connection.lengths(chunk: Int64(chunk)) }
            let lengths = chunks[chunk]!
            let slot = Int(rowid) & (ClaimRank.chunkSize - 1)
            guard slot < lengths.count, lengths[slot] > 0 else { return nil }
            return Int(lengths[slot])
        }
    }

    /// Two bytes per claim, little-endian; 0 = unknown.
    static func encode(_ lengths: [UInt16]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lengths.count * 2)
        for n in lengths { bytes.append(UInt8(n & 0xFF)); bytes.append(UInt8(n >> 8)) }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> [UInt16] {
        (0..<bytes.count / 2).map { UInt16(bytes[2 * $0]) | UInt16(bytes[2 * $0 + 1]) << 8 }
    }

    /// A row's total tokens from its `claims_fts_docsize.sz`: one SQLite varint per column.
    static func totalTokens(docsize bytes: [UInt8]) -> Int {
        var total = 0
        var i = 0
        while i < bytes.count {
            var value = 0
            // SQLite varints: 7 bits a byte, high bit set while more follow (9 bytes at most).
            for k in 0..<9 where i < bytes.count {
                let byte = bytes[i]
                i += 1
                if k == 8 { value = (value << 8) | Int(byte); break }
                value = (value << 7) | Int(byte & 0x7F)
                if byte & 0x80 == 0 { break }
            }
            total += value
        }
        return total
    }

    static let k1 = 1.2
    static let b = 0.75

    /// The function FTS5 calls per row: bm25 as in SQLite's fts5_aux.c.
    static let function: fts5_extension_function = { api, fts, context, argumentCount, arguments in
        guard let api, let fts else { return }
        let x = api.pointee
        guard let userData = x.xUserData?(fts) else { return }
        let connection = Unmanaged<Connection>.fromOpaque(userData).takeUnretainedValue()

        let query: Query
        if let aux = x.xGetAuxdata?(fts, 0) {
            query = Unmanaged<Query>.fromOpaque(aux).takeUnretainedValue()
        } else {
            var rows: Int64 = 0
            var tokens: Int64 = 0
            var rc = x.xRowCount(fts, &rows)
            if rc == SQLITE_OK { rc = x.xColumnTotalSize(fts, -1, &tokens) }
            var idf: [Double] = []
            for phrase in 0..<(rc == SQLITE_OK ? x.xPhraseCount(fts) : 0) where rc == SQLITE_OK {
                var hits: Int64 = 0
                rc = x.xQueryPhrase(fts, phrase, &hits) { _, _, counter in
                    counter!.assumingMemoryBound(to: Int64.self).pointee += 1
                    return SQLITE_OK
                }
                // bm25's floor: a phrase in more than half the rows would weigh below 0.
                let value = log((Double(rows) - Double(hits) + 0.5) / (Double(hits) + 0.5))
                idf.append(value <= 0 ? 1e-6 : value)
            }
            guard rc == SQLITE_OK else { sqlite3_result_error_code(context, rc); return }
            query = Query(idf: idf, averageLength: Double(tokens) / Double(rows))
            connection.lastIDF = idf
            rc = x.xSetAuxdata(fts, Unmanaged.passRetained(query).toOpaque()) {
                Unmanaged<Query>.fromOpaque($0!).release()
            }
            guard rc == SQLITE_OK else { sqlite3_result_error_code(context, rc); return }
        }

        for i in query.frequencies.indices { query.frequencies[i] = 0 }
        var instances: Int32 = 0
        var rc = x.xInstCount(fts, &instances)
        var i: Int32 = 0
        while rc == SQLITE_OK && i < instances {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            rc = x.xInst(fts, i, &phrase, &column, &offset)
            if rc == SQLITE_OK {
                let weight = argumentCount > column ? sqlite3_value_double(arguments![Int(column)]) : 1.0
                query.frequencies[Int(phrase)] += weight
            }
            i += 1
        }
        var length = 0.0
        if rc == SQLITE_OK {
            if let stored = query.length(of: x.xRowid(fts), from: connection) {
                length = Double(stored)
            } else {
                var tokens: Int32 = 0
                rc = x.xColumnSize(fts, -1, &tokens)
                length = Double(tokens)
            }
        }
        guard rc == SQLITE_OK else { sqlite3_result_error_code(context, rc); return }
        var score = 0.0
        for (p, idf) in query.idf.enumerated() {
            let f = query.frequencies[p]
            score += idf * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * length / query.averageLength)))
        }
        sqlite3_result_double(context, -1.0 * score)
    }
}
