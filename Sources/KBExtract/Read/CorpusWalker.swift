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
}

/// Finds the files to read under the given paths: `.md` notes, and whatever other
/// extensions the caller reads (`kb index` adds the transcripts' `.srt`, `.vtt`, ...).
///
/// Hidden files and folders (`.git`, `.obsidian`) are skipped; symlinks are followed
/// once, so a loop of links ends; permission errors are reported, never taken as
/// deletions.
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
                walk(root: absolute, extensions: extensions, into: &listing, seen: &seen)
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

    private struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ st: stat) {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
        }
    }

    private static func walk(root: String, extensions: Set<String>, into listing: inout CorpusListing, seen: inout Set<FileID>) {
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
                let name = Self.name(of: entry)
                if name.hasPrefix(".") { continue }
                names.append(name)
            }
            closedir(handle)
            for name in names.sorted() {
                let absolute = dir + "/" + name
                let relative = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                guard stat(absolute, &st) == 0 else {
                    // A dangling link is no note; anything else is an error worth a line.
                    var lst = stat()
                    if lstat(absolute, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFLNK, errno == ENOENT { continue }
                    if Self.has(name, extensions) || errno != ENOENT {
                        listing.errors.append(Diagnostic(file: relative, message: "cannot read: \(String(cString: strerror(errno)).lowercased())"))
                        listing.unreadable.append(absolute)
                    }
                    continue
                }
                if isDirectory(st) {
                    guard seen.insert(FileID(st)).inserted else { continue }  // a link back up: a loop
                    stack.append((absolute, relative))
                } else if (st.st_mode & S_IFMT) == S_IFREG, Self.has(name, extensions) {
                    guard seen.insert(FileID(st)).inserted else { continue }
                    listing.files.append(NoteFile(file: absolute, path: relative, size: Int(st.st_size), mtime: mtime(st)))
                }
            }
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

    private static func isDirectory(_ st: stat) -> Bool { (st.st_mode & S_IFMT) == S_IFDIR }

    private static func mtime(_ st: stat) -> Int64 {
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
