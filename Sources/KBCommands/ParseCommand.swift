import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation

/// `kb parse FILE`: what kb reads from one note, without touching the index.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what kb reads from one note, without indexing it.",
        discussion: "Prints the note's claims with their section, line, citations and links, then its warnings.")

    @Argument(help: "A markdown note.", completion: .file(extensions: ["md"]))
    var file: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let text = try NoteReader.readText(atPath: file, displayPath: file)
        let note = NoteExtractor.extract(path: file, text: text.text)
        if format == .json {
            try Output.printJSON(note)
            return
        }
        print("title: \(note.title ?? "-")  video: \(note.videoID ?? "-")  channel: \(note.channel ?? "-")")
        for claim in note.claims {
            let stamps = claim.timestamps.map { $0.seconds.map(String.init) ?? "?\($0.raw)" }.joined(separator: ",")
            print("\(claim.line)\t[\(claim.section.joined(separator: " › "))]\t\(claim.text)\t{\(stamps)}")
        }
        for w in note.warnings { Output.printError("kb: warning: \(w)") }
    }
}
