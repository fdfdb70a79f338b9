import Foundation
import KBModel
import KBMarkdown
import KBExtract

/// libFuzzer entry point: any bytes, as a note file, through the reader and the
/// extractor. A crash, a trap or a hang here is a bug: bad input must only ever
/// produce errors and warnings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtract(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    // The reader: bytes that are not text must fail cleanly.
    if let text = try? NoteReader.decode(data, displayPath: "fuzz.md") {
        let note = NoteExtractor.extract(path: "fuzz/fuzz.md", text: text.text)
        // Every line kb reports must be inside the file.
        // Line ends as CommonMark counts them: LF, CRLF and a lone CR.
        let lines = text.text.reduce(1) { $0 + ($1 == "\n" || $1 == "\r\n" || $1 == "\r" ? 1 : 0) }
        for claim in note.claims where claim.line < 1 || claim.line > lines {
            fatalError("claim line \(claim.line) outside 1...\(lines)")
        }
        _ = Markdown.html(text.text)
    }
    // Lossy text too, so that the extractor sees every shape of input.
    let lossy = String(decoding: data, as: UTF8.self)
    _ = NoteExtractor.extract(path: "fuzz.md", text: lossy)
    _ = try? FTSQuery.matchExpression(for: lossy)
    return 0
}

// SwiftPM links an executable with `main` aliased to `<module>_main`, which would
// hide libFuzzer's own main; this one hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

@_cdecl("FuzzExtract_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzzExtract($0, $1) }
}
