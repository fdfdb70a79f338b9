import KBModel
import KBStore
import Foundation

/// What a `kb index` run creates before it knows whether it will succeed: the index's
/// folders and the index file. A run that fails before it indexed anything takes them
/// back, so that a mistyped path leaves no empty `index/` folder behind.
public struct FreshIndex {
    public let databasePath: String
    /// The folders this run created, outermost first.
    public let createdFolders: [String]
    /// The index file and its companions that did not exist before this run.
    let newFiles: [String]

    /// The files beside an index that belong to it: write-ahead log, shared memory, the
    /// mark of unresolved links, the lock.
    static let companions = ["", "-wal", "-shm", ".links-pending", ".lock"]

    /// Notes which of the index's files exist, and creates the folders it needs.
    public init(databasePath: String) throws {
        self.databasePath = databasePath
        let fm = FileManager.default
        newFiles = Self.companions.map { databasePath + $0 }.filter { !fm.fileExists(atPath: $0) }
        var missing: [String] = []
        var folder = (databasePath as NSString).deletingLastPathComponent
        while !folder.isEmpty, folder != "/", !fm.fileExists(atPath: folder) {
            missing.insert(folder, at: 0)
            folder = (folder as NSString).deletingLastPathComponent
        }
        createdFolders = missing
        guard let deepest = missing.last else { return }
        do {
            try fm.createDirectory(atPath: deepest, withIntermediateDirectories: true)
        } catch {
            throw IndexError.index(path: databasePath, message: "cannot create the index folder: \(error.localizedDescription)")
        }
    }

    /// After a failed run: when the index is new and holds no file, deletes it (and its
    /// companions made by this run); then removes each folder this run created that is
    /// empty now. Call it once the run's store and lock are closed.
    public func undo() {
        if newFiles.contains(databasePath), !Self.holdsFiles(databasePath) {
            for file in newFiles { unlink(file) }
        }
        for folder in createdFolders.reversed() {
            rmdir(folder)  // fails, as it should, when anything is inside
        }
    }

    /// Whether the index at `path` holds any note or transcript (an index that cannot be
    /// opened holds none).
    static func holdsFiles(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path), let store = try? Store(path: path, readOnly: true) else { return false }
        return (try? store.fileRecords().isEmpty == false) ?? false
    }
}
