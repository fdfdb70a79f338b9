import KBModel
import KBMarkdown
import Foundation

/// A note file found on disk, with what `stat` says of it.
public struct NoteFile: Hashable, Sendable {
    /// Absolute path: the file's identity in the index.
    public var file: String
    /// Path relative to the indexed root, `/`-separated: how kb names it.
    public var path: String
    public var size: Int
    /// Modification time in nanoseconds since 1970.
    public var mtime: Int64

    public init(file: String, path: String, size: Int, mtime: Int64) {
        self.file = file
        self.path = path
        self.size = size
        self.mtime = mtime
    }
}

/// Everything a walk over the roots found.
public struct CorpusListing: Sendable {
    public var files: [NoteFile] = []
    /// Files and folders that could not be read. What lies under them is not taken as deleted.
    public var errors: [Diagnostic] = []
    /// Absolute paths of unreadable folders and files.
    public var unreadable: [String] = []
    /// Absolute roots that were walked: notes under them that were not found are gone.
    public var roots: [String] = []
    /// A README directly at a walked root, as the path was given (`notes/README.md`): a
    /// corpus's README describes it and is no note, so it is not listed.
    public var skippedReadmes: [String] = []
}

/// Finds the files to read under the given paths: `.md` notes, and whatever other
/// extensions the caller reads (`kb index` adds the transcripts' `.srt`, `.vtt`, ...).
///
/// Hidden files and folders (`.git`, `.obsidian`) are skipped, and so are what the
/// `.kbignore` at a walked root excludes (IgnoreRules) and a README at a walked root (a
/// README deeper down, or given as a file, is listed); symlinks are followed once, so a loop
/// of links ends; permission errors are reported, never taken as deletions.
public enum CorpusWalker {
    /// `extensions`: lower-case, without the dot. A path given as a file is listed whatever its extension.
    public static func list(_ paths: [String], extensions: Set<String> = ["md"]) -> CorpusListing {
        var listing = CorpusListing()
        var seen = Set<FileID>()
        for given in paths {
            let absolute = absolutePath(given)
            var st = stat()
            guard stat(absolute, &st) == 0 else {
                listing.errors.append(Diagnostic(file: given, message: "cannot read: \(String(cString: strerror(errno)).lowercased())"))
                listing.unreadable.append(absolute)
                continue
            }
            if isDirectory(st) {
                listing.roots.append(absolute)
                let walk = Walk(root: absolute, given: given, extensions: extensions, ignore: IgnoreRules.load(folder: absolute))
                walk.run(into: &listing, seen: &seen)
            } else {
                // One file: its folder names it, and nothing else there is in scope.
                let name = (absolute as NSString).lastPathComponent
                if seen.insert(FileID(st)).inserted {
                    listing.files.append(NoteFile(file: absolute, path: name, size: Int(st.st_size), mtime: mtime(st)))
                }
            }
        }
        listing.files.sort { $0.path < $1.path }
        return listing
    }

    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ st: stat) {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
        }
    }

    /// Whether the file name ends in `.EXT` for one of `extensions` (any case).
    static func has(_ name: String, _ extensions: Set<String>) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// The entry's name, read in place up to its NUL. Copying `d_name` out (a 256-byte
    /// field) read past an entry shorter than `struct dirent`, as the last one of a full
    /// `readdir` buffer can be: indexing 100,000 notes (1,250 to a folder) under heaptrack,
    /// whose allocator left that buffer's end at an unmapped page, crashed there.
    static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        let field = UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return String(cString: field.assumingMemoryBound(to: CChar.self))
    }

    static func isDirectory(_ st: stat) -> Bool { (st.st_mode & S_IFMT) == S_IFDIR }

    static func mtime(_ st: stat) -> Int64 {
        #if canImport(Darwin)
        return Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        #else
        return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        #endif
    }

    /// The absolute, `..`-free form of a path, without resolving links.
    public static func absolutePath(_ path: String) -> String {
        let base = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in base.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}

extension CorpusWalker {
    /// One walk down a folder given to `list`.
    struct Walk {
        /// The folder's absolute path, and as it was given (for the README notice).
        var root: String
        var given: String
        var extensions: Set<String>
        /// The root's `.kbignore`, if it has one.
        var ignore: IgnoreRules?

        func run(into listing: inout CorpusListing, seen: inout Set<FileID>) {
            var stack: [(absolute: String, relative: String)] = [(root, "")]
            var rootStat = stat()
            if stat(root, &rootStat) == 0 { seen.insert(FileID(rootStat)) }
            while let (dir, rel) = stack.popLast() {
                guard let handle = opendir(dir) else {
                    listing.errors.append(Diagnostic(file: rel.isEmpty ? root : rel, message: "cannot read folder: \(String(cString: strerror(errno)).lowercased())"))
                    listing.unreadable.append(dir)
                    continue
                }
                var names: [String] = []
                while let entry = readdir(handle) {
                    let name = CorpusWalker.name(of: entry)
                    if name.hasPrefix(".") { continue }
                    names.append(name)
                }
                closedir(handle)
                for name in names.sorted() {
                    let absolute = dir + "/" + name
                    let relative = rel.isEmpty ? name : rel + "/" + name
                    if let folder = visit(name, absolute: absolute, relative: relative, atRoot: rel.isEmpty, into: &listing, seen: &seen) {
                        stack.append(folder)
                    }
                }
            }
        }

        /// Lists one entry of a folder, or returns it when it is a folder to walk.
        private func visit(_ name: String, absolute: String, relative: String, atRoot: Bool,
                           into listing: inout CorpusListing, seen: inout Set<FileID>) -> (absolute: String, relative: String)? {
            var st = stat()
            guard stat(absolute, &st) == 0 else {
                // A dangling link is no note; anything else is an error worth a line.
                let failure = errno
                var lst = stat()
                if lstat(absolute, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFLNK, failure == ENOENT { return nil }
                if ignore?.ignores(relative, isDirectory: false) == true { return nil }
                if CorpusWalker.has(name, extensions) || failure != ENOENT {
                    listing.errors.append(Diagnostic(file: relative, message: "cannot read: \(String(cString: strerror(failure)).lowercased())"))
                    listing.unreadable.append(absolute)
                }
                return nil
            }
            let isFolder = CorpusWalker.isDirectory(st)
            if let ignore, ignore.ignores(relative, isDirectory: isFolder) { return nil }
            if isFolder {
                guard seen.insert(FileID(st)).inserted else { return nil }  // a link back up: a loop
                return (absolute, relative)
            }
            guard (st.st_mode & S_IFMT) == S_IFREG, CorpusWalker.has(name, extensions) else { return nil }
            if atRoot, name.lowercased() == "readme.md" {
                listing.skippedReadmes.append(given.hasSuffix("/") ? given + name : given + "/" + name)
                return nil
            }
            guard seen.insert(FileID(st)).inserted else { return nil }
            listing.files.append(NoteFile(file: absolute, path: relative, size: Int(st.st_size), mtime: CorpusWalker.mtime(st)))
            return nil
        }
    }
}
