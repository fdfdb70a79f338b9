import KBModel
import KBMarkdown
/// Finds the figures (amounts, counts, years, nodes…) stated in one claim's plain text.
///
/// A pipeline over Unicode scalars, with no regular expressions: tokenize → mask non-figures
/// (names, labels, ordinals, dates, titles) → parse each number with its scale, range, unit or
/// counted noun, rate and bound words → resolve what a number left open from its neighbours
/// (a bare "10,000" after "25,000 years instead of", "losing millions" after rubles, "annually"
/// a few words later, "from X to Y" changes). Offsets in the returned figures are Unicode scalar
/// offsets into `text`. Deterministic and allocation-light enough for corpus-scale runs.
public struct FigureExtractor: Sendable {
    public init() {}

    public func figures(in text: String) -> [Figure] {
        let scalars = text.scalarArray
        guard scalars.contains(where: { FigureTokenizer.isDigit($0) || $0.isAlphabeticFast }) else { return [] }
        var tokens = FigureTokenizer.tokenize(scalars)
        FigureMasking.mask(&tokens)
        var parser = FigureParser(tokens: tokens, scalars: scalars)
        return parser.run()
    }
}
