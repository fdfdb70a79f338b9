import Foundation
import Testing
@testable import KBCommands

@Test func evalFiguresRunsOnATinyGoldFile() throws {
    let path = NSTemporaryDirectory() + "kb-eval-\(UUID().uuidString).jsonl"
    let line = #"{"sentence": "The pier is 300 meters long.", "figures": [{"surface": "300 meters", "kind": "other", "low": 300, "high": 300, "bound": "eq", "approx": false, "unit": "m", "per": null, "per_qty": null, "subject": null}]}"#
    try line.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    // Through the binary, whose output is read here (in process it would print into the test log).
    #expect(Eval.configuration.shouldDisplay == false)
    guard kbBinaryExists else { return }
    let run = try runKB(["eval", "figures", path, "--format", "json", "--errors"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("\"truePositives\" : 1"))
}
