import KBModel
import KBExtract
extension Store {
    /// Empties the index in one transaction, for `kb index --rebuild`.
    ///
    /// Unlike deleting the files, readers in other processes keep working: they see
    /// the old index until the commit, then the new one as it is built. (A file
    /// deleted under an open connection fails its next read with a disk I/O error.)
    public func removeAll() throws {
        try db.transaction { try recreateTables() }
    }

    /// Drops every table kb owns and creates them anew at this schema version; call
    /// inside a transaction. Shared by `--rebuild` and by the rebuild of an older index.
    func recreateTables() throws {
        try db.execute(Schema.dropAll)
        try db.execute(Schema.create)
        try db.setUserVersion(Schema.version)
    }
}

extension Store {
    /// `PRAGMA quick_check` finds nothing wrong with the file.
    public var passesQuickCheck: Bool {
        guard let rows = try? db.prepare("PRAGMA quick_check").rows() else { return false }
        return rows.count == 1 && rows[0].string("quick_check") == "ok"
    }
}
