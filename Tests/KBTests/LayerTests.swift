import Foundation
import Testing

// The pipeline is the target graph (docs/architecture.md). These tests read the sources and
// Package.swift as text, so a layer reaching upward fails here even where SwiftPM would let
// an undeclared module slip through.

/// The layers from the bottom up: a target may import only targets before it.
private let layers = ["KBModel", "KBMarkdown", "KBExtract", "KBTranscripts", "KBAlign", "KBStore", "KBQuery", "KBRender", "KBIndex", "KBAnswers", "KBMCP", "KBCommands", "kb", "kb-mcp"]

private let repo = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every `import X` of every Swift file under Sources/TARGET.
private func imports(of target: String) throws -> [(file: String, module: String)] {
    let root = repo.appendingPathComponent("Sources/\(target)")
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var found: [(String, String)] = []
    for case let file as String in walker where file.hasSuffix(".swift") {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if let i = words.firstIndex(of: "import"), i + 1 < words.count,
               words[..<i].allSatisfy({ $0.hasPrefix("@") }) {
                found.append(("\(target)/\(file)", String(words[i + 1])))
            }
        }
    }
    return found
}

/// A layer imports only layers below it (no cycle, no reaching up).
@Test func noTargetImportsALayerAboveIt() throws {
    var upward: [String] = []
    for (rank, target) in layers.enumerated() {
        for (file, module) in try imports(of: target) {
            if let other = layers.firstIndex(of: module), other >= rank { upward.append("\(file) imports \(module)") }
        }
    }
    #expect(upward.isEmpty, "\(upward)")
}

/// libcmark is behind KBMarkdown alone, SQLite behind KBStore alone.
@Test func eachCLibraryHasOneImporter() throws {
    var importers: [String: Set<String>] = [:]
    for target in layers {
        for (_, module) in try imports(of: target) where module == "CCmark" || module == "CSQLite" {
            importers[module, default: []].insert(target)
        }
    }
    #expect(importers["CCmark"] == ["KBMarkdown"])
    #expect(importers["CSQLite"] == ["KBStore"])
}

/// The MCP SDK is behind KBMCP alone, and only the kb-mcp program links KBMCP: the library
/// layers, the commands and kb do not (the SDK's libcurl would slow every kb command's start).
@Test func onlyKBMCPImportsTheMCPSDK() throws {
    var importers: [String: Set<String>] = [:]
    for target in layers {
        for (_, module) in try imports(of: target) where module == "MCP" || module == "KBMCP" {
            importers[module, default: []].insert(target)
        }
    }
    #expect(importers["MCP"] == ["KBMCP"])
    #expect(importers["KBMCP"] == ["kb-mcp"])
}

/// Package.swift declares the same downward graph: every dependency of a layer is below it.
@Test func packageDependenciesPointDown() throws {
    let manifest = try String(contentsOf: repo.appendingPathComponent("Package.swift"), encoding: .utf8)
    var checked = 0
    for (rank, target) in layers.enumerated() {
        // `.target(name: "X", dependencies: [...])`: the occurrence of the name whose
        // dependency list comes before the next `name:` (the package's own name comes first).
        var listed: Substring?
        var from = manifest.startIndex
        while listed == nil, let nameRange = manifest[from...].range(of: "name: \"\(target)\"") {
            from = nameRange.upperBound
            guard let open = manifest[from...].range(of: "dependencies: ["),
                  let close = manifest[open.upperBound...].range(of: "]") else { break }
            if let next = manifest[from...].range(of: "name: \""), next.lowerBound < open.lowerBound { continue }
            listed = manifest[open.upperBound..<close.lowerBound]
        }
        guard let deps = listed else { continue }
        for (other, name) in layers.enumerated() where deps.contains("\"\(name)\"") {
            #expect(other < rank, "\(target) depends on \(name)")
        }
        checked += 1
    }
    #expect(checked >= layers.count - 1)  // every layer but KBModel has a dependency list
}

/// No SQL outside the store: query, render and index ask KBStore for rows.
@Test func onlyTheStoreWritesSQL() throws {
    let sqlWords = ["SELECT ", "INSERT INTO", "DELETE FROM", "UPDATE ", "CREATE TABLE"]
    var found: [String] = []
    for target in layers where target != "KBStore" {
        let root = repo.appendingPathComponent("Sources/\(target)")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
        for case let file as String in walker where file.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                if sqlWords.contains(where: { code.contains("\"\($0)") || code.hasPrefix($0) }) {
                    found.append("\(target)/\(file):\(n + 1)")
                }
            }
        }
    }
    #expect(found.isEmpty, "SQL outside KBStore: \(found)")
}

/// One error type per layer (KBModel/KBFailure.swift): each target declares at most one type
/// conforming to `KBFailure`, and only the commands speak of usage (exit codes are theirs).
@Test func eachLayerHasOneErrorTypeAndOnlyTheCommandsSpeakOfUsage() throws {
    var declared: [String: [String]] = [:]
    var usage: [String] = []
    for target in layers {
        let root = repo.appendingPathComponent("Sources/\(target)")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
        for case let file as String in walker where file.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                if line.contains(": KBFailure"), let name = line.split(separator: ":").first?.split(separator: " ").last {
                    declared[target, default: []].append(String(name))
                }
                if target != "KBCommands", line.contains(".usage(") { usage.append("\(target)/\(file)") }
            }
        }
    }
    #expect(declared.values.allSatisfy { $0.count == 1 }, "\(declared)")
    #expect(declared["KBStore"] == ["StoreError"] && declared["KBQuery"] == ["QueryError"], "\(declared)")
    #expect(usage.isEmpty, "usage errors outside KBCommands: \(usage)")
}

/// The lines of each function and initializer body in `text` (a brace count that skips string
/// literals and `//` comments), with the line each starts on.
func functionLengths(_ text: String) -> [(line: Int, length: Int, header: String)] {
    let lines = text.components(separatedBy: "\n")
    var out: [(Int, Int, String)] = []
    for (i, line) in lines.enumerated() {
        let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
        guard let k = words.firstIndex(where: { $0 == "func" || $0.hasPrefix("init(") || $0.hasPrefix("init<") || $0 == "init?(" }),
              words[..<k].allSatisfy({ $0.hasPrefix("@") || ["public", "private", "fileprivate", "internal", "package", "static",
                                                             "final", "override", "mutating", "nonisolated", "convenience", "required"].contains($0) })
        else { continue }
        var depth = 0, started = false, j = i, multiline = false
        scan: while j < lines.count {
            // Lines of a `"""` string hold no code; a line opening or closing one is read outside it.
            if lines[j].components(separatedBy: "\"\"\"").count % 2 == 0 { multiline.toggle(); j += 1; continue }
            if multiline { j += 1; continue }
            var inString = false, escaped = false, previous: Character = " "
            for c in lines[j] {
                if inString {
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                    continue
                }
                if c == "\"" { inString = true; continue }
                if c == "/" && previous == "/" { break }
                if c == "{" { depth += 1; started = true }
                if c == "}" { depth -= 1 }
                previous = c
            }
            if started && depth <= 0 { break scan }
            if !started && j > i + 15 { break scan }
            j += 1
        }
        if started { out.append((i + 1, j - i + 1, line.trimmingCharacters(in: .whitespaces))) }
    }
    return out
}

/// No function over 80 lines (issue 13): a long one is split into named steps, or says why
/// it is not with a comment holding "longer than 80 lines" just above it.
@Test func noFunctionIsLongerThan80Lines() throws {
    let root = repo.appendingPathComponent("Sources")
    var long: [String] = []
    for case let file as String in FileManager.default.enumerator(atPath: root.path)! where file.hasSuffix(".swift") {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        for f in functionLengths(text) where f.length > 80 {
            let above = lines[max(0, f.line - 6)..<(f.line - 1)].joined(separator: "\n")
            if !above.contains("longer than 80 lines") { long.append("\(file):\(f.line) \(f.length) lines: \(f.header)") }
        }
    }
    #expect(long.isEmpty, "\(long)")
    // The counter itself: a body of 83 lines is found, a short one is not.
    let sample = "func short() {\n    a(\"\\\\\")\n}\n\nfunc long() {\n" + String(repeating: "    b(\"{\") // }\n", count: 81) + "}\n"
    #expect(functionLengths(sample).map(\.length) == [3, 83])
}
