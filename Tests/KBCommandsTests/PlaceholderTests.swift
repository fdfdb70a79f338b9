import Testing
@testable import KBCommands

@Test func rootCommandHasName() {
    #expect(KB.configuration.commandName == "kb")
}
