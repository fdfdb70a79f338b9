import KBModel
import KBExtract
import KBAlign
import KBStore
import KBQuery
import KBIndex
import KBAnswers
import ArgumentParser
import Foundation

struct VerifyClaims: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check cited claims against their videos' transcripts: supported, drifted, unsupported.",
        discussion: """
            kb index aligns every claim that cites a time with the transcripts of its video \
            (docs/verify.md). A claim is supported when the transcript says it within 20 s of a \
            cited time; drifted when it is said, but farther from every cited time (kb suggests \
            where: also when a cited time lies past the end of the video, or reads right as \
            MM:SS); unsupported when no transcript of the video says it; no_transcript when the \
            video has none.

            PATH: the notes in that file or under that folder; without PATH, --note or --video, \
            every note in the index. Text: per note, counts per verdict, then each drifted claim \
            (cited time → where it is said, both as links) and each unsupported claim; at the end \
            the counts per channel, and transcripts against which most claims are unsupported \
            (probably another video's). JSON: one object per cited claim.

            --fix rewrites each drifted citation that has a suggestion in the note files, in the \
            form it was written, changing nothing else; --dry-run prints the diff instead. Run \
            kb index afterwards. Exit 0 whatever the verdicts, 1 on errors, 64 on usage errors.
            """)

    @Argument(help: "Note files or folders (default: every note in the index).", completion: .file())
    var paths: [String] = []

    @Option(help: ArgumentHelp("Only this note: its path, slug, title or alias.", valueName: "slug"))
    var note: String?

    @Option(help: ArgumentHelp("Only claims citing this video (an id, or a note's slug).", valueName: "id"))
    var video: String?

    @Flag(help: "Rewrite drifted citations in the note files to where the claim is said.")
    var fix = false

    @Flag(name: .customLong("dry-run"), help: "With --fix: print the diff instead of writing.")
    var dryRun = false

    @OptionGroup var database: DatabaseOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if dryRun && !fix { throw ValidationError("--dry-run goes with --fix") }
    }

    func run() throws {
        try guarded {
            let store = try Store(path: database.path, readOnly: !fix || dryRun)
            let files = paths.isEmpty ? nil : paths.map { CorpusWalker.absolutePath($0) }
            for (given, file) in zip(paths, files ?? []) where !FileManager.default.fileExists(atPath: file) {
                throw CommandError.usage("cannot read \(given): no such file or folder")
            }
            let report = try Verify.report(VerifyScope(files: files, note: note, video: video), in: store)
            if fix {
                let result = try CitationFix.apply(report.claims, dryRun: dryRun)
                if dryRun { FileHandle.standardOutput.write(Data(result.diff.utf8)) }
                Output.printError("kb: \(result.citations) citations in \(result.files) notes \(dryRun ? "would be" : "were") rewritten"
                                  + (dryRun ? "" : "; run kb index to check them again"))
                return
            }
            switch format {
            case .json: try Output.printJSON(report.claims.map(VerifiedClaimJSON.init))
            case .text: Output.printText(VerifyText.text(report))
            }
        }
    }
}
