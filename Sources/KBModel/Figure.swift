/// One numeric figure stated in a claim: a money amount, a power, a count, a year, and so on.
///
/// Offsets are **Unicode scalar offsets** into the claim text (`text.unicodeScalars`),
/// so they are stable across platforms and independent of grapheme clustering.
/// Values are in the canonical unit named by `unit`: an ISO currency code for money,
/// `W`, `Wh`, `FLOP`, `FLOP/s`, `%`, `count`, `x` (multipliers), `1` (fractions),
/// `s`, `B` (bytes, decimal), `year`, `nm` (process nodes), base SI units otherwise.
public struct Figure: Hashable, Sendable, Codable {
    /// What the figure measures.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case money, power, energy, compute, count, percent, ratio, duration, data, node, year, other
    }

    /// How `low` and `high` bound the value; an open side is `nil`.
    public enum Bound: String, Hashable, Sendable, Codable, CaseIterable {
        case eq, range, gt, ge, lt, le
    }

    /// First scalar of the figure, hedge and bound words included.
    public var start: Int
    /// One past the last scalar.
    public var end: Int
    /// The text between `start` and `end`.
    public var surface: String
    public var kind: Kind
    /// Lower end in the canonical unit; `nil` for `lt`/`le`.
    public var low: Double?
    /// Upper end in the canonical unit; `nil` for `gt`/`ge`.
    public var high: Double?
    /// Canonical unit (see the type comment).
    public var unit: String
    public var bound: Bound
    /// A hedge word (about, ~, roughly, an estimated…) is attached to the number.
    public var approx: Bool
    /// Rate denominator: `h`, `s`, `minute`, `day`, `month`, `year`, or a singular noun (`token`).
    public var per: String?
    /// Quantity of the rate denominator: 1, or 1e6 for "per million tokens".
    public var perQuantity: Double?
    /// For counts, the counted noun in the singular ("GPU").
    public var subject: String?
    /// Index, within the same claim's figures, of the other side of a "from X to Y" change.
    public var linkedTo: Int?

    public init(start: Int, end: Int, surface: String, kind: Kind, low: Double?, high: Double?,
                unit: String, bound: Bound = .eq, approx: Bool = false, per: String? = nil,
                perQuantity: Double? = nil, subject: String? = nil, linkedTo: Int? = nil) {
        self.start = start
        self.end = end
        self.surface = surface
        self.kind = kind
        self.low = low
        self.high = high
        self.unit = unit
        self.bound = bound
        self.approx = approx
        self.per = per
        self.perQuantity = perQuantity
        self.subject = subject
        self.linkedTo = linkedTo
    }
}
