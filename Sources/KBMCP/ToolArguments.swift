import KBModel
import MCP

/// A tool call's arguments, read with the checks the command line makes on its options.
///
/// An unknown name, a value of the wrong type or out of range is a usage error, as a
/// mistyped option is for the command line.
struct ToolArguments {
    let tool: String
    let values: [String: Value]

    /// Refuses names the tool's schema does not list.
    init(tool: String, values: [String: Value], known: [String]) throws {
        self.tool = tool
        self.values = values
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw ToolError.argument("\(tool) takes no argument '\(unknown)' (it takes \(known.joined(separator: ", ")))")
        }
    }

    func string(_ name: String) throws -> String? {
        guard let value = values[name], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw ToolError.argument("\(name) must be a string") }
        return text
    }

    /// A string that must be there and not blank.
    func required(_ name: String) throws -> String {
        guard let text = try string(name), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ToolError.argument("\(tool) needs \(name)")
        }
        return text
    }

    func int(_ name: String) throws -> Int? {
        guard let value = values[name], !value.isNull else { return nil }
        if let n = value.intValue { return n }
        if let d = value.doubleValue, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        throw ToolError.argument("\(name) must be an integer")
    }

    func bool(_ name: String) throws -> Bool {
        guard let value = values[name], !value.isNull else { return false }
        guard let flag = value.boolValue else { throw ToolError.argument("\(name) must be true or false") }
        return flag
    }

    /// A list of strings; a single string counts as a list of one.
    func strings(_ name: String) throws -> [String] {
        guard let value = values[name], !value.isNull else { return [] }
        if let text = value.stringValue { return [text] }
        guard let items = value.arrayValue else { throw ToolError.argument("\(name) must be a list of strings") }
        return try items.map {
            guard let text = $0.stringValue else { throw ToolError.argument("\(name) must be a list of strings") }
            return text
        }
    }

    /// A limit: at least 1 (as the command line requires), at most `cap`; the note says when it was cut.
    func limit(default fallback: Int, cap: Int) throws -> (value: Int, cut: String?) {
        let given = try int("limit") ?? fallback
        guard given >= 1 else { throw ToolError.argument("limit must be at least 1") }
        if given > cap { return (cap, "limit \(given) is over the server's cap: at most \(cap) results") }
        return (given, nil)
    }
}
