import Testing
import Foundation
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// The fast string helpers must give exactly what the standard library gives.

private let samples = [
    "", "plain ascii", "  Padded\t\n", "\u{A0}no-break edges\u{A0}", "Café déjà vu", "e\u{301}tude",
    "Ünïcödé ÄÖÜ ß", "emoji 😀 and 👩‍💻", "\u{2028}line separator\u{2029}", "MIXED Case ÉTÉ", "   ", "日本語のテキスト",
]

@Test(arguments: samples)
func stringFromScalarsIsTheScalarsAsAString(_ text: String) {
    let scalars = Array(text.unicodeScalars)
    #expect(String(scalars: scalars) == text)
    #expect(text.scalarArray == scalars)
    if scalars.count > 2 { #expect(String(scalars: scalars[1..<(scalars.count - 1)]) == String(String.UnicodeScalarView(scalars[1..<(scalars.count - 1)]))) }
    var buffer = ScalarBuffer()
    for s in scalars { buffer.append(s) }
    #expect(buffer.string == text)
}

@Test(arguments: samples)
func fastLowercaseAndTrimAgreeWithTheStandardLibrary(_ text: String) {
    #expect(text.lowercasedFast == text.lowercased())
    let scalars = text.unicodeScalars
    let expected: String
    if let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) {
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        expected = String(scalars[first...last])
    } else {
        expected = ""
    }
    #expect(text.trimmingWhitespace == expected)
    #expect(text[...].trimmingWhitespace == expected)
}

@Test func batchesKeepOrderAndBound() {
    #expect([1, 2, 3, 4, 5].batches(of: 2).map(Array.init) == [[1, 2], [3, 4], [5]])
    #expect([Int]().batches(of: 3).isEmpty)
    #expect([1, 2].batches(of: 5).map(Array.init) == [[1, 2]])
}

@Test func byteSearchFindsWhatFoundationFindsInASCII() {
    let texts = ["", "data-t=", "<a class=\"yt-timestamp\" data-t=\"00:01:02\">", "a data-t=x data-t=y", "dddata-t=",
                 "yt-timestam", "xyt-timestampx", "DATA-T=1", "data-t"]
    for text in texts {
        for needle in ["data-t=", "yt-timestamp", "d", "", "data-t=\"", "x"] {
            let expected = text.range(of: needle).map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) }
            let found = text.utf8Range(of: needle).map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) }
            #expect(found == expected, "\(needle) in \(text)")
            if let r = text.utf8Range(of: needle) { #expect(String(text[r]) == needle) }
        }
    }
}

@Test func attributeOnBytesAgreesWithTheCharacterPath() {
    let tags = ["<a class=\"yt-timestamp\" data-t=\"00:01:02\">", "<a data-t='1:02'>", "<a data-t=\"00:01:02", "<a data-t=00:13:54]>",
                "<a data-t=\"\">", "<a data-t=\"12 34\">", "<a data-t=\"1x2\">", "<a href=x>", "<a data-t=>", "<a data-t=\"[01:02]\">"]
    for tag in tags {
        // A trailing non-ASCII word sends the same tag down the Character path.
        #expect(TimestampAnchor.attribute("data-t", in: tag) == TimestampAnchor.attribute("data-t", in: tag + " é>"), "\(tag)")
    }
    #expect(TimestampAnchor.attribute("data-t", in: tags[0]) == "00:01:02")
    #expect(TimestampAnchor.attribute("data-t", in: tags[2]) == "00:01:02")
    #expect(TimestampAnchor.attribute("data-t", in: tags[6]) == "1")
}

@Test(arguments: samples + ["abcdefgh", "abcdefgé", "abcdefghijklmnopé", "é" + String(repeating: "a", count: 20), String(repeating: "x", count: 33)])
func isASCIIAgreesWithTheBytes(_ text: String) {
    #expect(text.isASCII == text.utf8.allSatisfy { $0 < 0x80 })
    #expect(text.dropFirst().description.isASCII == text.dropFirst().utf8.allSatisfy { $0 < 0x80 })
}

@Test(arguments: samples + ["a*b", "\r\n", "*"])
func containsByteAgreesWithTheUTF8View(_ text: String) {
    for byte: UInt8 in [13, 42, 32, 0xC3, 0x80] {
        #expect(text.containsByte(byte) == text.utf8.contains(byte))
        #expect(text.dropFirst().description.containsByte(byte) == text.dropFirst().utf8.contains(byte))
    }
}
