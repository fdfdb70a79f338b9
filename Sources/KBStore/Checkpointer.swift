import CSQLite
import Foundation

/// Copies a writing connection's write-ahead log into the index file on a thread of its
/// own, instead of on the thread that commits.
///
/// Why: SQLite checkpoints from the committing connection once the log passes 1,000 pages
/// (`wal_autocheckpoint`), so every page an index build writes is written twice by the one
/// thread the build waits on. A first build of the shared corpus with its transcripts (an
/// 88 MB index) spent about a sixth of that thread's time in checkpoints (perf,
/// docs/performance.md, "Checkpoints off the writer"), while the other core waited for
/// work. Here a commit that leaves at least `pages` in the log only wakes this thread,
/// which runs a passive checkpoint through a connection of its own: SQLite's own protocol,
/// which never blocks the writer and never copies a frame a reader still needs, so what a
/// crash leaves behind is what it was. The writer's close still checkpoints what is left.
final class Checkpointer: @unchecked Sendable {
    /// Pages in the log that call for a checkpoint: SQLite's default for autocheckpoints.
    static let pages: Int32 = 1_000

    private let path: String
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var requested = false
    private var stopping = false
    private var running = false
    /// The thread could not open its connection: the committing thread checkpoints itself.
    private var broken = false
    /// A checkpoint is under way.
    private var busy = false
    /// Passive checkpoints run so far.
    private var checkpoints = 0

    init(path: String) {
        self.path = path
    }

    /// Installs the hook on `db`, the writing connection; `stop()` before closing it.
    func install(on db: OpaquePointer) {
        sqlite3_wal_hook(db, { context, db, schema, pages in
            guard let context else { return SQLITE_OK }
            let checkpointer = Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue()
            if pages >= Checkpointer.pages, !checkpointer.request() {
                // As SQLite's own hook does, on this thread.
                sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Asks the thread for a checkpoint, starting it on first use; false when it cannot run.
    private func request() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if broken || stopping { return false }
        requested = true
        if !running {
            running = true
            let thread = Thread { [self] in loop() }
            thread.name = "kb checkpoints"
            thread.start()
        }
        condition.signal()
        return true
    }

    /// Waits until no checkpoint is asked for or under way; returns how many have run.
    func settle() -> Int {
        condition.lock()
        defer { condition.unlock() }
        while running, requested || busy { condition.wait() }
        return checkpoints
    }

    /// Waits for a checkpoint under way, and ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        var db: OpaquePointer?
        var rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        // SQLite opens lazily: until it has read the file, it does not know the log is there
        // and a checkpoint does nothing.
        if rc == SQLITE_OK { rc = sqlite3_exec(db, "PRAGMA schema_version", nil, nil, nil) }
        condition.lock()
        if rc != SQLITE_OK || db == nil {
            broken = true
        } else {
            while !stopping {
                if !requested { condition.wait(); continue }
                requested = false
                busy = true
                condition.unlock()
                sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                condition.lock()
                busy = false
                checkpoints += 1
                condition.broadcast()
            }
        }
        condition.unlock()
        // Closed before `stop` returns, so that the writer's close is the last one, which
        // checkpoints what is left and removes the log.
        sqlite3_close_v2(db)
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
