import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation

/// How a command prints its results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// Printing helpers shared by the commands: JSON, stderr, terminal detection.
enum Output {
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// A citation in JSON output: as written, its second, and the link that opens it.
struct MomentJSON: Encodable {
    var seconds: Int?
    var raw: String
    var url: String?

    init(_ moment: Moment, noteVideo: String?) {
        seconds = moment.seconds
        raw = moment.raw
        url = moment.url(noteVideo: noteVideo)
    }

    static func list(_ moments: [Moment], noteVideo: String?) -> [MomentJSON] {
        moments.map { MomentJSON($0, noteVideo: noteVideo) }
    }
}
