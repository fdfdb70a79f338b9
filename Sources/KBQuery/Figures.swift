import KBModel
import KBExtract
import KBStore
/// A question about the figures in the index.
public struct FigureRequest: Sendable, Hashable {
    /// Search words: only figures of claims that match (same syntax as `kb search`).
    public var query: String?
    public var filter: FigureFilter

    public init(query: String? = nil, kind: Figure.Kind? = nil, unit: String? = nil, min: Double? = nil,
                max: Double? = nil, speaker: String? = nil, video: String? = nil, limit: Int? = nil) {
        self.query = query
        self.filter = FigureFilter(kind: kind, unit: unit, min: min, max: max, speaker: speaker, video: video, limit: limit)
    }
}

extension Store {
    /// Figures that answer a request, in note and claim order.
    public func figures(_ request: FigureRequest) throws -> [FigureHit] {
        let match = try request.query.map { try FTSQuery.matchExpression(for: $0) }
        return try figures(matching: match, request.filter)
    }
}

/// A bound typed on the command line: `1GW`, `$10B`, `20%`, `1e27`, `5000`.
public struct FigureBound: Sendable, Hashable {
    public var value: Double
    /// The canonical unit the text named, nil for a bare number.
    public var unit: String?

    /// Reads a bound with the figure extractor itself, so that `--min 1GW` means what
    /// "1 GW" means in a note.
    public static func parse(_ text: String) throws -> FigureBound {
        let trimmed = text.trimmingWhitespace
        if let plain = Double(trimmed) { return FigureBound(value: plain, unit: nil) }
        let spaced = Self.spaceAfterNumber(trimmed)
        for candidate in [trimmed, spaced] {
            if let f = FigureExtractor().figures(in: candidate).first, let v = f.low ?? f.high {
                return FigureBound(value: v, unit: f.kind == .year ? nil : f.unit)
            }
        }
        throw QueryError.unreadable("cannot read the amount '\(text)': write it like 1GW, '$10B', 20%, 1e27 or 5000")
    }

    /// "1GW" → "1 GW": the extractor reads units as words.
    private static func spaceAfterNumber(_ s: String) -> String {
        var out = ""
        var previousIsDigit = false
        for c in s {
            if previousIsDigit, c.isLetter { out.append(" ") }
            out.append(c)
            previousIsDigit = c.isNumber
        }
        return out
    }
}

