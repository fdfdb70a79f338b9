import KBModel
import KBExtract
import CSQLite
import Foundation

/// The index's own tokenizer, `porter unicode61 remove_diacritics 2`, reached through the
/// connection's FTS5 API: Swift code splits and stems text exactly as `claims_fts` does, so
/// what it finds in a claim is what FTS5 would match ("Datacenters," → `datacent`).
final class FTSTokenizer {
    /// One token: its indexed form (stemmed, case and accents folded) and where it stands in
    /// the text, as UTF-8 byte offsets.
    struct Token: Hashable {
        var term: String
        var start: Int
        var end: Int
    }

    private let module: fts5_tokenizer
    private let instance: OpaquePointer

    /// The tokenizer `claims_fts` is declared with (Schema).
    static let arguments = ["unicode61", "remove_diacritics", "2"]

    init(db: Database) throws {
        let api = try db.fts5API()
        var context: UnsafeMutableRawPointer?
        var module = fts5_tokenizer()
        guard let find = api.pointee.xFindTokenizer, find(api, "porter", &context, &module) == SQLITE_OK,
              let create = module.xCreate else {
            throw StoreError.database(code: SQLITE_ERROR, message: "FTS5 has no porter tokenizer", sql: nil)
        }
        var created: OpaquePointer?
        let arguments = Self.arguments.map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = arguments.map { UnsafePointer($0) }
        let rc = pointers.withUnsafeMutableBufferPointer { create(context, $0.baseAddress, Int32($0.count), &created) }
        guard rc == SQLITE_OK, let created else {
            throw StoreError.database(code: rc, message: "cannot create the porter tokenizer", sql: nil)
        }
        self.module = module
        self.instance = created
    }

    deinit { module.xDelete?(instance) }

    /// Collects tokens; `xTokenize` calls back into it through a context pointer.
    private final class Collector {
        var tokens: [Token] = []
    }

    /// The tokens of `text` as the index holds them (`query`: as a MATCH string is read,
    /// which is the same for this tokenizer but for prefix handling).
    func tokens(_ text: String, query: Bool = false) -> [Token] {
        guard let tokenize = module.xTokenize, !text.isEmpty else { return [] }
        let collector = Collector()
        var text = text
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                _ = tokenize(instance, Unmanaged.passUnretained(collector).toOpaque(),
                             query ? FTS5_TOKENIZE_QUERY : FTS5_TOKENIZE_DOCUMENT,
                             chars.baseAddress, Int32(chars.count)) { context, _, token, count, start, end in
                    guard let context, let token else { return SQLITE_OK }
                    let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                    let term = token.withMemoryRebound(to: UInt8.self, capacity: Int(count)) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: Int(count)), as: UTF8.self)
                    }
                    collector.tokens.append(Token(term: term, start: Int(start), end: Int(end)))
                    return SQLITE_OK
                }
            }
        }
        return collector.tokens
    }

    /// Just the indexed forms.
    func terms(_ text: String) -> [String] { tokens(text).map(\.term) }
}
