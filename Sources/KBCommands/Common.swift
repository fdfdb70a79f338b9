import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation

/// `--db`, shared by every command that reads or writes the index.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(IndexLocation.help, valueName: "file"))
    package var db: String?

    /// The index file: `--db`, else `KB_DB`, else the nearest `index/kb.sqlite` (IndexLocation).
    var path: String { IndexLocation.resolve(option: db) }
}

/// Runs a command body, turning kb's errors into one line on stderr and an exit code:
/// 64 when the request cannot be answered as typed (`KBFailure.isRequestProblem`: a name the
/// index lacks, text kb cannot read, options that contradict each other), 1 for the rest.
func guarded(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as any KBFailure {
        Output.printError("kb: \(error.description)")
        throw error.isRequestProblem ? ExitCode(64) : ExitCode.failure
    }
}
