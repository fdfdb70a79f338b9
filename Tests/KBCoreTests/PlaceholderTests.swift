import Testing
@testable import KBCore

@Test func diagnosticPrintsFileAndLine() {
    #expect(Diagnostic(file: "a.md", line: 3, message: "bad").description == "a.md:3: bad")
    #expect(Diagnostic(file: "a.md", message: "bad").description == "a.md: bad")
}
