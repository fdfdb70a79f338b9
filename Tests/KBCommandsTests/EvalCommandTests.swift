import Foundation
import Testing
@testable import KBCommands

@Test func evalFiguresRunsOnATinyGoldFile() throws {
    let path = NSTemporaryDirectory() + "kb-eval-\(UUID().uuidString).jsonl"
    let line = #"{"sentence": "The pier is 300 meters long.", "figures": [{"surface": "300 meters", "kind": "other", "low": 300, "high": 300, "bound": "eq", "approx": false, "unit": "m", "per": null, "per_qty": null, "subject": null}]}"#
    try line.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var cmd = try Eval.parseAsRoot(["figures", path, "--format", "json", "--errors"])
    try cmd.run()
    #expect(Eval.configuration.shouldDisplay == false)
}
