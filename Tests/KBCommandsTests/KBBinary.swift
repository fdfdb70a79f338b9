import Foundation
@testable import KBCommands

/// The `kb` that `swift test` built beside this test runner, else one in the usual build folders.
let kbBinaryPath: String = {
    let runnerFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [runnerFolder.appendingPathComponent("kb"),
                      runnerFolder.deletingLastPathComponent().appendingPathComponent("kb"),
                      repo.appendingPathComponent(".build/debug/kb"),
                      repo.appendingPathComponent(".build-rel/debug/kb")]
    return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2].path
}()

var kbBinaryExists: Bool { FileManager.default.isExecutableFile(atPath: kbBinaryPath) }

struct KBRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the kb binary (or `executable`) to completion, in `folder` when given, with this
/// process's environment changed by `environment` (a nil value removes the variable).
func runKB(_ arguments: [String], executable: String = kbBinaryPath, in folder: String? = nil,
           environment: [String: String?] = [:]) throws -> KBRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    if !environment.isEmpty {
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
    }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes at once, so that neither fills and blocks the child.
    let errBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errBox.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return KBRun(status: process.terminationStatus,
                 stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errBox.data, as: UTF8.self))
}

final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// Runs kb in this process; returns the exit code the executable would give.
func inProcessExitCode(_ arguments: [String]) -> Int32 {
    // Through the built binary when there is one: what the command prints (errors, a site's
    // summary) then goes to a pipe read here, not into the test log.
    if kbBinaryExists, let run = try? runKB(arguments) { return run.status }
    do {
        var command = try KB.parseAsRoot(arguments)
        try command.run()
        return 0
    } catch {
        return KB.exitCode(for: error).rawValue
    }
}
