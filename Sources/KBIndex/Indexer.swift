import KBModel
import KBExtract
import KBTranscripts
import KBAlign
import KBStore
import KBQuery
import Foundation

/// What one `kb index` run did.
public struct IndexReport: Sendable, Codable {
    /// Files read and written this run, notes and transcripts.
    public var indexed = 0
    /// Of `indexed`, the transcripts.
    public var transcriptsIndexed = 0
    public var unchanged = 0
    public var removed = 0
    public var failed = 0
    public var totals = IndexTotals()
    public var warnings: [Diagnostic] = []
    public var errors: [Diagnostic] = []
    public var seconds = 0.0
    /// READMEs at the roots of the folders indexed, as given: not read (CorpusListing).
    public var skippedReadmes: [String] = []
    /// Folders given that hold no note or transcript, as given.
    public var foldersWithoutNotes: [String] = []
}

/// Brings the index up to date with the notes on disk.
///
/// A file whose size and time are unchanged is not read; one whose bytes hash the
/// same is only touched; others are parsed on every core and written in batched
/// transactions from this thread (`writeBatches`). Files that vanished leave the index, unless they
/// sit under a folder that could not be read.
public struct Indexer {
    public var store: Store
    /// Files per write transaction, at most (and `batchBytes`): big enough to amortise the
    /// commit. Memory is bounded by the parts parsed ahead (`partsAhead`), not by this.
    public var batchSize = 512
    /// A first build of at least this many files drops the secondary indexes while it
    /// loads and builds them at the end; smaller ones gain nothing from it.
    public var deferIndexesFrom = 1000
    /// Files this large are spread through the others as they are written (`writeOrder`):
    /// a transcript of half an hour or more (about 1 KB a minute); one note in a hundred in
    /// the shared corpus.
    public var spreadFrom = 32 << 10
    /// Called after each batch with (files done, files to do).
    public var progress: ((Int, Int) -> Void)?

    public init(store: Store) {
        self.store = store
    }

    public func run(paths: [String]) throws -> IndexReport {
        let started = Date()
        var report = IndexReport()
        let listing = CorpusWalker.list(paths, extensions: Self.extensions)
        report.errors = listing.errors
        report.failed = listing.errors.count
        report.skippedReadmes = listing.skippedReadmes

        let records = try store.fileRecords()
        let (work, gone) = Self.plan(listing, records: records, report: &report)
        // A run killed before it resolved links and speakers leaves this mark: redo them all now.
        let linksPending = LinksPendingMark(store.path)
        let resumeKilledRun = linksPending.isSet
        var changes = Changes(keysChanged: gone.contains { $0.kind == .note } || resumeKilledRun,
                              affectedVideos: Set(gone.filter { $0.kind == .note }.compactMap(\.videoID)))
        changes.transcriptsChanged = gone.contains { $0.kind == .transcript }
        changes.alignVideos = Set(gone.filter { $0.kind == .transcript }.compactMap(\.videoID))
        if !gone.isEmpty || !work.isEmpty { linksPending.set() }
        if !gone.isEmpty {
            try store.write { for record in gone { try store.delete(record) } }
            report.removed = gone.count
        }

        // A first build loads the tables bare and builds their indexes once at the end.
        let deferIndexes = records.isEmpty && work.count >= deferIndexesFrom
        var speakers: BackgroundJob<Result<[VideoSpeakers], Error>>?
        defer { _ = speakers?.wait() }
        try store.withoutForeignKeyChecks { try store.withIndexesDeferred(if: deferIndexes, keeping: Schema.keptWhileLoading) {
            try writeBatches(work, records: records, report: &report, changes: &changes)
            // The notes are committed: their videos' speakers are worked out from them on
            // the other cores while this thread builds the indexes and resolves the links.
            if resumeKilledRun { changes.affectedVideos.formUnion(try store.allVideoIDs()) }
            // A video whose transcript changed gets its speakers anew: the transcript's win over
            // the notes' wording, and a claim's speaker from an older alignment must go.
            changes.affectedVideos.formUnion(changes.alignVideos)
            if !changes.affectedVideos.isEmpty { speakers = analyzeSpeakers(videos: changes.affectedVideos) }
        } }

        // Claims against transcripts, for the videos whose claims or transcripts changed.
        // Aligning reads claims and passages only, none of what links, speakers and labels
        // write: with a transcript in the index it starts now, on other threads, and is
        // written once they are done. Without one there is nothing to work out, only
        // `no_transcript` verdicts to write, and it waits: started early, 20,000 notes without
        // transcripts took about 4% longer (docs/verify.md, "Speed").
        let realign = resumeKilledRun ? try store.alignableVideos() : changes.alignVideos.union(changes.affectedVideos)
        var aligning = try !realign.isEmpty && store.holdsTranscripts() ? startAligning(videos: realign) : nil
        defer { aligning?.work.stop() }
        if changes.keysChanged || !changes.changedSources.isEmpty {
            // A new, renamed or removed note can change where any link points.
            _ = try store.write { try store.resolveLinks(sources: changes.keysChanged ? nil : changes.changedSources) }
        }
        let speakersChanged = speakers != nil
        if let results = try speakers?.wait().get() { try saveSpeakers(results) }
        speakers = nil
        // Labels are read against the notes' speakers: after them, and whenever either changed.
        if speakersChanged || changes.transcriptsChanged || resumeKilledRun {
            try store.write { try store.resolveTranscriptSpeakers() }
        }
        // Removing a note removes its claims' alignments, and realigning a video replaces its
        // own: the whole table is swept for leftovers only when transcripts left or a
        // killed run resumes (the sweep reads every alignment: 0.3 s at 20,000 notes, which
        // each edit paid).
        let sweep = gone.contains { $0.kind == .transcript } || resumeKilledRun
        if aligning == nil, !realign.isEmpty { aligning = startAligning(videos: realign) }
        if let aligning { try writeAlignments(aligning) }
        if sweep { try store.write { try store.pruneAlignments() } }
        if !realign.isEmpty {
            try store.write {
                try store.applyTranscriptSpeakers(videos: realign.sorted())
                try store.pruneSpeakers()
            }
        }
        if speakersChanged || !realign.isEmpty { try store.write { try store.mergeSpeakerForms() } }
        linksPending.clear()
        report.foldersWithoutNotes = Self.foldersWithoutNotes(paths, listing: listing, passedOver: changes.passedOver)
        report.totals = try store.totals()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// The extensions of the files a run reads: notes, and transcripts (TranscriptReader).
    /// A `.txt` or `.json` that is not a transcript is passed over without a word.
    public static let extensions: Set<String> = Set(["md"]).union(TranscriptReader.extensions)

    /// What a run changed that links and speakers depend on.
    struct Changes {
        /// A note's slug, title or aliases changed, or a note left: every link is resolved again.
        var keysChanged: Bool
        /// Videos whose speakers must be worked out again: those of changed, new and
        /// removed notes, and those an index page (re)titles.
        var affectedVideos: Set<String>
        /// Notes written this run, whose links are resolved again.
        var changedSources = Set<Int64>()
        /// A transcript was written or removed: its speaker labels are read again.
        var transcriptsChanged = false
        /// Videos whose claims are aligned again: those of transcripts written or removed,
        /// and those the changed notes' claims cite.
        var alignVideos = Set<String>()
        /// Files read this run that are neither a note nor a transcript (absolute paths).
        var passedOver = Set<String>()
    }

    /// The folders of `paths` (as given) under which nothing listed is a note or a transcript:
    /// nothing was found there, or only files passed over. A folder with a file or subfolder
    /// that could not be read is not among them.
    static func foldersWithoutNotes(_ paths: [String], listing: CorpusListing, passedOver: Set<String>) -> [String] {
        paths.filter { given in
            let root = CorpusWalker.absolutePath(given)
            guard listing.roots.contains(root) else { return false }
            let prefix = root == "/" ? "/" : root + "/"
            if listing.unreadable.contains(where: { $0 == root || $0.hasPrefix(prefix) }) { return false }
            return !listing.files.contains { $0.file.hasPrefix(prefix) && !passedOver.contains($0.file) }
        }
    }

    /// The files to read (new, or changed in size or time; the others count as unchanged in
    /// `report`), and the indexed files that vanished from the listed roots, unless they sit
    /// under a folder that could not be read.
    static func plan(_ listing: CorpusListing, records: [String: FileRecord], report: inout IndexReport) -> (work: [NoteFile], gone: [FileRecord]) {
        var work: [NoteFile] = []
        var seen = Set<String>()
        for file in listing.files {
            seen.insert(file.file)
            if let r = records[file.file], r.size == file.size, r.mtime == file.mtime, r.path == file.path {
                report.unchanged += 1
            } else {
                work.append(file)
            }
        }
        let gone = records.values.filter { record in
            !seen.contains(record.file)
                && listing.roots.contains { record.file.hasPrefix($0 + "/") }
                && !listing.unreadable.contains { record.file == $0 || record.file.hasPrefix($0 + "/") }
        }
        return (work, gone)
    }

    /// Parses `work` in small parts, in order, ahead of this thread (`OrderedWork`), and
    /// writes them, one transaction per `batchSize` files.
    func writeBatches(_ work: [NoteFile], records: [String: FileRecord], report: inout IndexReport, changes: inout Changes) throws {
        let parts = Self.parts(of: Self.writeOrder(work, spreadFrom: spreadFrom))
        let parsing = OrderedWork(parts: parts.count, ahead: Self.partsAhead) { k in
            parts[k].map { Self.parseOrFail($0, record: records[$0.file], figures: true) }
        }
        defer { parsing.stop() }
        var done = 0
        var ended = false
        while !ended {
            var inBatch = 0
            var bytes = 0
            try store.write {
                while inBatch < batchSize, bytes < Self.batchBytes {
                    guard let parsed = parsing.next() else { ended = true; break }
                    for item in parsed { try saveParsed(item, records: records, report: &report, changes: &changes) }
                    inBatch += parsed.count
                    bytes += parsed.reduce(0) { $0 + $1.size }
                    // Freeing a part's notes (many small allocations, made on the helpers)
                    // is left to another thread: this one is the only writer.
                    releaseInBackground(parsed)
                }
            }
            done += inBatch
            if inBatch > 0 { progress?(done, work.count) }
        }
    }

    /// The order in which a run parses and writes `work`: large files (`spreadFrom` bytes and
    /// more: long transcripts, mostly) spread evenly through the first `spreadWithin` of the others'
    /// bytes; each kind keeps its own order.
    ///
    /// Why: a transcript is cheap to parse and dear to write (its text index), a note the
    /// other way round, and the writing thread is one. In listing order a corpus's transcripts
    /// sit together (a `transcripts/` folder), so the writer worked alone through them while
    /// the parsers had run out of notes; spread, each side has work throughout. They end
    /// before the last notes so that the last transaction, whose text index is written at its
    /// commit with no parsing left beside it, holds notes. Only the order (and so the ids)
    /// changes: `aCorpusIndexedInAnyOrderAnswersTheSame` checks the answers do not.
    static func writeOrder(_ work: [NoteFile], spreadFrom: Int) -> [NoteFile] {
        let large = work.filter { $0.size >= spreadFrom }
        let small = work.filter { $0.size < spreadFrom }
        guard !large.isEmpty, !small.isEmpty else { return work }
        let largeBytes = Double(large.reduce(0) { $0 + $1.size })
        let smallBytes = Double(small.reduce(0) { $0 + $1.size }) * spreadWithin
        var out: [NoteFile] = []
        out.reserveCapacity(work.count)
        var l = 0, s = 0
        var largeDone = 0.0, smallDone = 0.0
        while l < large.count || s < small.count {
            // The next large file goes in once the small ones have caught up with its share.
            if s == small.count || (l < large.count && largeDone / largeBytes <= smallDone / smallBytes) {
                out.append(large[l])
                largeDone += Double(large[l].size)
                l += 1
            } else {
                out.append(small[s])
                smallDone += Double(small[s].size)
                s += 1
            }
        }
        return out
    }

    /// The share of the smaller files' bytes that the large ones are spread through.
    static let spreadWithin = 0.7

    /// The parts `writeBatches` parses: consecutive files, up to `partBytes` of them (at
    /// least one file) and `partFiles`. Small, so that writing starts at once and the parts
    /// parsed ahead hold little memory; not single files, so that handing parts over costs nothing.
    static func parts(of work: [NoteFile]) -> [[NoteFile]] {
        var parts: [[NoteFile]] = []
        var part: [NoteFile] = []
        var bytes = 0
        for file in work {
            if !part.isEmpty, part.count >= partFiles || bytes + file.size > partBytes {
                parts.append(part)
                part = []
                bytes = 0
            }
            part.append(file)
            bytes += file.size
        }
        if !part.isEmpty { parts.append(part) }
        return parts
    }

    /// Bytes of files per write transaction, at most (besides `batchSize` files): the text
    /// index of a transaction's transcripts is written as it commits
    /// (`Store.indexPendingPassages`), by this thread alone once every file is parsed. In the
    /// 1,000-hour bench (85 MB) 8 MB took longer than 32 (each commit writes a segment, and
    /// they are merged), and 32 no longer than one per 512 files.
    static let batchBytes = 32 << 20
    static let partFiles = 32
    static let partBytes = 1 << 20
    /// Parts parsed and not yet written, at most: 16 MB of files or so, whatever the corpus.
    static let partsAhead = 16

    /// Writes one parsed file, and counts it in `report` and `changes`.
    func saveParsed(_ item: Parsed, records: [String: FileRecord], report: inout IndexReport, changes: inout Changes) throws {
        switch item {
        case .failed(let diagnostic):
            report.errors.append(diagnostic)
            report.failed += 1
        case .sameContent(let file, let record):
            try store.touch(record, size: file.size, mtime: file.mtime)
            report.unchanged += 1
        case .skipped(let file):
            changes.passedOver.insert(file.file)
            // Once a transcript, now neither a transcript nor a note: it leaves the index.
            if let record = records[file.file] { try forget(record, changes: &changes) }
        case .transcript(let transcript, let file, let hash):
            var existing = records[file.file]
            if let record = existing, record.kind != .transcript {
                try forget(record, changes: &changes)
                existing = nil
            }
            try store.save(transcript, file: file, hash: hash, existing: existing?.id)
            changes.transcriptsChanged = true
            if let v = transcript.videoID { changes.alignVideos.insert(v) }
            if let v = existing?.videoID { changes.alignVideos.insert(v) }
            report.indexed += 1
            report.transcriptsIndexed += 1
            report.warnings += transcript.diagnostics
        case .note(let note, let file, let hash):
            var existing = records[file.file]
            if let record = existing, record.kind != .note {
                try forget(record, changes: &changes)
                existing = nil
            }
            let id = try store.save(note, file: file, hash: hash, existing: existing?.id)
            if let v = existing?.videoID { changes.affectedVideos.insert(v) }
            if let v = note.videoID { changes.affectedVideos.insert(v) }
            for claim in note.claims { for m in claim.timestamps { if let v = m.video { changes.alignVideos.insert(v) } } }
            for video in note.videos { changes.affectedVideos.insert(video.videoID) }
            changes.changedSources.insert(id)
            let keys = Store.linkKeys(slug: note.slug, title: note.title,
                                      aliases: note.aliases.isEmpty ? nil : Store.jsonArray(note.aliases))
            if existing?.linkKeys != keys { changes.keysChanged = true }
            report.indexed += 1
            report.warnings += note.warnings
        }
    }

    /// Removes a file's old record when it is read as another kind (a note that became a
    /// transcript) or as nothing.
    func forget(_ record: FileRecord, changes: inout Changes) throws {
        try store.delete(record)
        if record.kind == .transcript {
            changes.transcriptsChanged = true
            if let v = record.videoID { changes.alignVideos.insert(v) }
        }
        if record.kind == .note {
            changes.keysChanged = true
            if let v = record.videoID { changes.affectedVideos.insert(v) }
        }
    }

    /// Writes the videos' speakers a batch of videos per transaction, then drops the speakers no video has.
    func saveSpeakers(_ results: [VideoSpeakers]) throws {
        for batch in results.batches(of: Self.videoBatch) {
            try store.write { for result in batch { try store.saveSpeakers(result) } }
        }
        try store.write { try store.pruneSpeakers() }
    }

    /// Videos being aligned: parts of `alignPart` videos, in order.
    struct Aligning {
        let parts: [[String]]
        let work: OrderedWork<Result<[[Alignment]], Error>>
    }

    /// Starts aligning the claims of `videos` with their transcripts (KBAlign) on other
    /// threads; `writeAlignments` takes the results.
    ///
    /// Small parts of videos are read and aligned ahead, each thread through a read
    /// connection of its own (`Store.readAhead`), while this thread goes on (links, speakers)
    /// and then writes the results in order. Why: read, aligned on every core, then written,
    /// a batch at a time, left a core idle while this thread read and wrote, about a third of
    /// aligning the shared corpus; and the speakers' analysis before it leaves a core idle
    /// while it reads. An index in memory cannot be opened again: there `writeAlignments`
    /// does every part itself, on its own connection.
    func startAligning(videos: Set<String>) -> Aligning {
        let parts = videos.sorted().batches(of: Self.alignPart).map(Array.init)
        let work = store.readAhead(parts: parts.count, ahead: Self.alignPartsAhead) { reader, k in
            let inputs = try reader.read { try parts[k].map { try reader.alignInputs(video: $0) } }
            return inputs.map { Aligner.align($0.claims, transcripts: $0.transcripts) }
        }
        return Aligning(parts: parts, work: work)
    }

    /// Writes what `aligning` works out, `videoBatch` videos per transaction.
    func writeAlignments(_ aligning: Aligning) throws {
        // Written once `videoBatch` videos are aligned, outside the transaction: in memory,
        // this thread reads the next part on the connection it writes with.
        var pending: [(video: String, alignments: [Alignment])] = []
        func writePending() throws {
            try store.write { for (video, alignments) in pending { try store.saveAlignments(video: video, alignments) } }
            pending.removeAll()
        }
        var k = 0
        while let aligned = try aligning.work.next()?.get() {
            pending += zip(aligning.parts[k], aligned).map { ($0, $1) }
            k += 1
            if pending.count >= Self.videoBatch { try writePending() }
        }
        if !pending.isEmpty { try writePending() }
    }

    /// Videos per part that `startAligning` reads and aligns ahead, and parts ahead at most
    /// (what a part holds once aligned is small: its alignments).
    static let alignPart = 8
    static let alignPartsAhead = 64

    /// Videos read and analysed together, and written per transaction.
    static let videoBatch = 128

    /// Works out the speakers of each video anew, on another thread: inputs read through
    /// a connection of its own (this one keeps writing), a batch at a time, each batch
    /// analysed on every core. What it returns is compact (attributed claims only), for
    /// this thread to write once it is free.
    ///
    /// An index in memory cannot be opened twice: there the work is done now, on this connection.
    func analyzeSpeakers(videos: Set<String>) -> BackgroundJob<Result<[VideoSpeakers], Error>> {
        let batches = videos.sorted().batches(of: Self.videoBatch).map(Array.init)
        @Sendable func analyze(_ store: Store) throws -> [VideoSpeakers] {
            var out: [VideoSpeakers] = []
            for batch in batches {
                let inputs = try store.read { try batch.map { try store.speakerInputs(video: $0) } }
                let results = Slots<VideoSpeakers>(count: inputs.count)
                DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
                    let analysis = SpeakerExtractor().analyze(videoTitle: inputs[i].title, notes: inputs[i].inputs)
                    results.set(i, VideoSpeakers(video: batch[i], inputs: inputs[i], analysis: analysis))
                }
                out += results.values
            }
            return out
        }
        return store.readInBackground(analyze)
    }

    enum Parsed: Sendable {
        case note(Note, NoteFile, hash: String)
        case transcript(Transcript, NoteFile, hash: String)
        case sameContent(NoteFile, record: FileRecord)
        /// A `.txt` or `.json` that is not a transcript.
        case skipped(NoteFile)
        case failed(Diagnostic)

        /// The file's size in bytes (0 for one that failed).
        var size: Int {
            switch self {
            case .note(_, let file, _), .transcript(_, let file, _), .sameContent(let file, _), .skipped(let file): file.size
            case .failed: 0
            }
        }
    }

    /// Reads and extracts a batch of files on every core (`figures`: as `NoteExtractor.extract`).
    static func parse(_ files: [NoteFile], records: [String: FileRecord], figures: Bool = true) -> [Parsed] {
        let results = Slots<Parsed>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            results.set(i, parseOrFail(files[i], record: records[files[i].file], figures: figures))
        }
        return results.values
    }

    /// `parse`, with a failure as a `.failed` diagnostic.
    static func parseOrFail(_ file: NoteFile, record: FileRecord?, figures: Bool) -> Parsed {
        do {
            return try parse(file, record: record, figures: figures)
        } catch let error as ReadError {
            return .failed(error.diagnostic)
        } catch let error as any KBFailure {
            return .failed(Diagnostic(file: file.path, message: error.description))
        } catch {
            return .failed(Diagnostic(file: file.path, message: "\(error)"))
        }
    }
}

extension Indexer {
    /// Reads one file: a note, a transcript (by its extension and content, as
    /// `TranscriptReader.format` decides), unchanged content, or nothing kb reads.
    static func parse(_ file: NoteFile, record: FileRecord?, figures: Bool) throws -> Parsed {
        let isMarkdown = TranscriptReader.fileExtension(file.path) == "md"
        if isMarkdown {
            let text = try NoteReader.readText(atPath: file.file, displayPath: file.path)
            var sized = file
            sized.size = text.size
            if let record, record.hash == text.hash, record.path == file.path { return .sameContent(sized, record: record) }
            // `read` decides the format itself and is nil for a note: asking `format` first
            // scanned every transcript's turns twice.
            if let transcript = try TranscriptReader.read(path: file.path, text: text.text) {
                return .transcript(transcript, sized, hash: text.hash)
            }
            return .note(NoteExtractor.extract(path: file.path, text: text.text, figures: figures), sized, hash: text.hash)
        }
        let data = try NoteReader.readData(atPath: file.file, displayPath: file.path)
        var sized = file
        sized.size = data.count
        let hash = NoteReader.fingerprint(data)
        if let record, record.hash == hash, record.path == file.path { return .sameContent(sized, record: record) }
        guard let transcript = try TranscriptReader.read(path: file.path, data: data) else { return .skipped(sized) }
        return .transcript(transcript, sized, hash: hash)
    }
}

/// `<db>.links-pending`: exists from a run's first write until its links are resolved,
/// so that a run killed in between (SIGKILL, power) is followed by a full resolution.
struct LinksPendingMark {
    let path: String?

    init(_ databasePath: String) {
        path = Store.isFile(databasePath) ? databasePath + ".links-pending" : nil
    }

    var isSet: Bool { path.map { FileManager.default.fileExists(atPath: $0) } ?? false }

    package func set() {
        guard let path, !isSet else { return }
        _ = FileManager.default.createFile(atPath: path, contents: nil)
    }

    func clear() {
        guard let path, isSet else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
