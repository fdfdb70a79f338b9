import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import KBAnswers
import ArgumentParser
import Foundation

/// How a command prints its results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// Printing helpers shared by the commands: JSON, stderr, terminal detection.
enum Output {
    static func printJSON<T: Encodable>(_ value: T) throws {
        FileHandle.standardOutput.write(try AnswerJSON.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func printText(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
