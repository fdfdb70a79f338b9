import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint a corpus of notes without touching the index.",
        discussion: """
            Reads every note and transcript under each PATH (default: notes/) as kb index would, and \
            reports, one line each with file and line:

            errors: files that cannot be read (permissions, not UTF-8, binary, too large), \
            unreadable timestamps, several notes claiming the same video and title, empty notes;

            warnings: unresolved wiki-links (with the nearest existing slug as a suggestion), \
            citations past the end of their video (with the likely reading, docs/citations.md), \
            repaired mojibake, other parser and transcript warnings (frontmatter, malformed links, \
            skipped generator leftovers).

            Exit status: 0 when there is no error (warnings allowed), 1 when there are errors, \
            64 on a usage error.
            """)

    @Argument(help: "Folders or files to check.", completion: .directory)
    var paths: [String] = ["notes"]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        let report = CorpusCheck.run(paths: paths)
        switch format {
        case .json:
            try Output.printJSON(CheckJSON(report))
        case .text:
            var out = ""
            for f in report.findings where !quiet || f.severity == .error { out += f.description + "\n" }
            FileHandle.standardOutput.write(Data(out.utf8))
            Output.printError("\(report.files) files: \(report.errors) errors, \(report.warnings) warnings")
        }
        if report.errors > 0 { throw ExitCode.failure }
    }
}

/// What `kb check --format json` prints.
struct CheckJSON: Encodable {
    var files: Int
    var errors: Int
    var warnings: Int
    var findings: [CheckFinding]

    init(_ r: CheckReport) {
        files = r.files
        errors = r.errors
        warnings = r.warnings
        findings = r.findings
    }
}
