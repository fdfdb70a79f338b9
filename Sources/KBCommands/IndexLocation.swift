import Foundation

/// Where the index lives when a command is not told: the one rule every command follows.
///
/// `--db FILE` first; else the `KB_DB` environment variable; else the nearest existing
/// `index/kb.sqlite` in the current folder or one of its parents (as git finds `.git`);
/// else `index/kb.sqlite` in the current folder, where `kb index` creates it.
enum IndexLocation {
    /// The index file's path under a corpus folder.
    static let relativePath = "index/kb.sqlite"
    /// The environment variable that names the index.
    static let environmentVariable = "KB_DB"

    /// The index path for `--db` (`option`), the environment and the current folder.
    /// An empty `--db` or `KB_DB` counts as not given. An index found in the current folder
    /// is named relatively (`index/kb.sqlite`), one found in a parent by its absolute path.
    static func resolve(option: String?,
                        environment: [String: String] = ProcessInfo.processInfo.environment,
                        currentFolder: String = FileManager.default.currentDirectoryPath,
                        exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String {
        if let option, !option.isEmpty { return option }
        if let named = environment[environmentVariable], !named.isEmpty { return named }
        var folder = currentFolder.count > 1 && currentFolder.hasSuffix("/") ? String(currentFolder.dropLast()) : currentFolder
        var first = true
        while folder.hasPrefix("/") {
            let candidate = (folder == "/" ? "" : folder) + "/" + relativePath
            if exists(candidate) { return first ? relativePath : candidate }
            guard folder != "/" else { break }
            folder = (folder as NSString).deletingLastPathComponent
            first = false
        }
        return relativePath
    }

    /// What `--db` says in every command's help.
    static let help = """
        The index file. Default: $KB_DB when set, else the nearest index/kb.sqlite in the \
        current folder or a parent, else index/kb.sqlite here.
        """
}
