import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation

struct JumpTo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jump",
        abstract: "Print the YouTube link of a cited moment, or open it.",
        discussion: """
            REF is a claim id from kb search (its first readable timestamp), VIDEO@TIME or \
            NOTE@TIME, where TIME is 14:23, 00:14:23, 863 or 14m23s and NOTE is a note's slug.

            Examples:
              kb jump 42
              kb jump pE3KKUKXcTM@14:23
              kb jump investments_and_economic_strategies@00:14:40 --open
            """)

    @Argument(help: "A claim id, VIDEO@TIME or NOTE@TIME.")
    var ref: String

    @Flag(help: "Open the link with xdg-open (or open).")
    var open = false

    @OptionGroup var database: DatabaseOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        try guarded {
            let store = try Store(path: database.path, readOnly: true)
            let target = try Jump.resolve(ref, in: store)
            switch format {
            case .json: try Output.printJSON(target)
            case .text: print(target.url)
            }
            if open { try Self.openURL(target.url) }
        }
    }

    static func openURL(_ url: String) throws {
        let candidates = ["xdg-open", "open"]
        let searchPath = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in candidates {
            for dir in searchPath {
                let program = "\(dir)/\(name)"
                guard FileManager.default.isExecutableFile(atPath: program) else { continue }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: program)
                process.arguments = [url]
                do {
                    try process.run()
                    process.waitUntilExit()
                } catch {
                    throw CommandError.failure("could not run \(program): \(error.localizedDescription)")
                }
                guard process.terminationStatus == 0 else {
                    throw CommandError.failure("\(name) could not open the link (exit \(process.terminationStatus))")
                }
                return
            }
        }
        throw CommandError.failure("cannot open the link: neither xdg-open nor open is installed (the link is printed above)")
    }
}
