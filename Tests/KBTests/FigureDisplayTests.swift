import Foundation
import Testing
@testable import KBModel
@testable import KBRender
@testable import KBStore
@testable import KBQuery

// Figures shown in the unit people use (issue 18); the canonical value stays in JSON.

private func figure(_ low: Double?, _ high: Double? = nil, unit: String, bound: Figure.Bound = .eq,
                    approx: Bool = false, per: String? = nil) -> Figure {
    Figure(start: 0, end: 1, surface: "x", kind: .other, low: low, high: high ?? (bound == .eq ? low : nil), unit: unit,
           bound: bound, approx: approx, per: per)
}

@Test func figuresReadInThePeoplesUnit() {
    #expect(FigureDisplay.text(figure(1.5e9, unit: "W")) == "1.5 GW")
    #expect(FigureDisplay.text(figure(150e6, unit: "W", approx: true)) == "≈ 150 MW")
    #expect(FigureDisplay.text(figure(4e9, 5e9, unit: "USD", bound: .range)) == "$4–5B")
    #expect(FigureDisplay.text(figure(1150, unit: "USD")) == "$1,150")
    #expect(FigureDisplay.text(figure(2.5, unit: "USD")) == "$2.50")
    #expect(FigureDisplay.text(figure(3, 4, unit: "USD", bound: .range, per: "h")) == "$3–4 per hour")
    #expect(FigureDisplay.text(figure(nil, 9e6, unit: "USD", bound: .lt)) == "< $9M")
    #expect(FigureDisplay.text(figure(25 * 31_557_600, unit: "s")) == "25 years")
    #expect(FigureDisplay.text(figure(90 * 60, unit: "s")) == "1.5 hours")
    #expect(FigureDisplay.text(figure(45, unit: "%", approx: true)) == "≈ 45%")
    #expect(FigureDisplay.text(figure(1972, unit: "year")) == "1972")
    #expect(FigureDisplay.text(figure(1960, 1969, unit: "year", bound: .range)) == "1960–1969")
    #expect(FigureDisplay.text(figure(3e25, unit: "FLOP")) == "3e25 FLOP")
    #expect(FigureDisplay.text(figure(2_400_000, unit: "count")) == "2.4 million")
    #expect(FigureDisplay.text(figure(2400, unit: "count")) == "2,400")
    #expect(FigureDisplay.text(figure(0.05, unit: "m")) == "5 cm")
    #expect(FigureDisplay.text(figure(1.3, unit: "x")) == "1.3x")
    #expect(FigureDisplay.text(figure(5e9, unit: "W", bound: .ge)) == "≥ 5 GW")
}

@Test func figuresSortByValueTimeOrNote() throws {
    let folder = try TempFolder("kb-figures")
    defer { folder.cleanup() }
    try folder.write("notes/a_grid.md", noteText(title: "Grid", videoID: "gridVIDEO0A", """
        The new line carries 2 gigawatts \(anchor("00:09:00")).
        The old plant makes 300 megawatts \(anchor("00:01:00")).

        """))
    try folder.write("notes/b_dams.md", noteText(title: "Dams", videoID: "damsVIDEO0A", """
        The dam makes 5 gigawatts \(anchor("00:03:00")).

        """))
    let store = try folder.indexedStore()
    func order(_ sort: FigureSort) throws -> [String] {
        var request = FigureRequest(kind: .power)
        request.filter.sort = sort
        return try store.figures(request).map { FigureDisplay.text($0.figure) }
    }
    #expect(try order(.note) == ["2 GW", "300 MW", "5 GW"])
    #expect(try order(.value) == ["5 GW", "2 GW", "300 MW"])
    #expect(try order(.time) == ["5 GW", "300 MW", "2 GW"], "video by video (dams, grid), then by the cited second")
}
