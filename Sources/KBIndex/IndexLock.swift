import KBModel
import KBExtract
import KBStore
import KBQuery
import Foundation
import Synchronization

/// Keeps two `kb index` runs on one index from running at once.
///
/// An advisory `flock` on `<db>.lock`: the kernel releases it when the holder exits,
/// however it exits (SIGKILL included), so a crashed run never leaves a stale lock.
/// The lock file itself is left in place; its presence means nothing.
public final class IndexLock: Sendable {
    public let path: String
    /// The lock file's descriptor; -1 once released.
    private let fd: Mutex<Int32>

    /// Takes the lock for the index at `databasePath`. When another run holds it,
    /// calls `waiting` once, then waits up to `timeout` seconds (nil: for ever) and
    /// throws when the other run is still going.
    public init(databasePath: String, timeout: TimeInterval? = nil, waiting: (String) -> Void = { _ in }) throws {
        path = databasePath + ".lock"
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        self.fd = Mutex(fd)
        guard fd >= 0 else {
            throw IndexError.index(path: databasePath, message: "cannot create the lock file \(path): \(String(cString: strerror(errno)).lowercased())")
        }
        if Self.tryLock(fd) { return }
        waiting("waiting for another kb index on \(databasePath)…")
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while true {
            if Self.tryLock(fd) { return }
            if let deadline, Date() >= deadline {
                release()
                throw IndexError.index(path: databasePath, message: "another kb index is still running on this index (lock \(path))")
            }
            usleep(50_000)
        }
    }

    /// True when some process holds the lock for this index now.
    public static func isHeld(databasePath: String) -> Bool {
        let fd = open(databasePath + ".lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if tryLock(fd) {
            _ = flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    private static func tryLock(_ fd: Int32) -> Bool {
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            if errno == EINTR { continue }
            return false
        }
    }

    /// Releases the lock; also done when the object goes away or the process ends.
    public func release() {
        fd.withLock { fd in
            guard fd >= 0 else { return }
            _ = flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
