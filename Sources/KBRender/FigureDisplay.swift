import Foundation
import KBModel

/// A figure's amount in the unit people write it in (`1.5 GW`, `$4–5B`, `15 years`), from
/// its canonical value (`1500000000 W`, `4e9..5e9 USD`, `473364000 s`), which JSON keeps.
/// The one place that chooses a display unit; `RenderText.describe` and every report use it.
public enum FigureDisplay {
    /// The amount with its bound (`≈`, `>`, a range) and rate (`per hour`).
    public static func text(_ f: Figure) -> String {
        var s = (f.approx ? "≈ " : "")
        let top = max(abs(f.low ?? 0), abs(f.high ?? 0))
        let (scale, suffix, prefix) = units(f.unit, magnitude: top)
        // Years are not grouped (1,972); cents show as cents ($2.50).
        let cents = prefix != "" && scale == 1
        func n(_ v: Double?) -> String { v.map { number($0 / scale, grouped: f.unit != "year", cents: cents) } ?? "?" }
        let value: String
        switch f.bound {
        case .eq: value = n(f.low ?? f.high)
        case .range: value = "\(n(f.low))–\(n(f.high))"
        case .gt: value = "> " + prefix + n(f.low)
        case .ge: value = "≥ " + prefix + n(f.low)
        case .lt: value = "< " + prefix + n(f.high)
        case .le: value = "≤ " + prefix + n(f.high)
        }
        let bare = f.bound == .eq || f.bound == .range
        s += (bare ? prefix : "") + value + suffix
        if let per = f.per {
            let q = f.perQuantity.map { $0 == 1 ? "" : number($0) + " " } ?? ""
            s += " per \(q)\(perNames[per] ?? per)"
        }
        return s
    }

    /// Scale, suffix and prefix for a canonical unit at a magnitude: `W` at 1.5e9 → (1e9, " GW", "").
    static func units(_ unit: String, magnitude m: Double) -> (Double, String, String) {
        switch unit {
        case "FLOP", "FLOP/s":
            // Compute is written in powers of ten (`3e25 FLOP`), not with prefixes past exa.
            return (1, " \(unit)", "")
        case "W", "Wh", "Hz", "B":
            let symbol = unit == "B" ? "B" : unit
            for (scale, p) in siPrefixes where m >= scale { return (scale, " \(p)\(symbol)", "") }
            return (1, " \(symbol)", "")
        case "USD", "GBP", "EUR", "JPY":
            let sign = ["USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥"][unit]!
            for (scale, p) in moneyScales where m >= scale { return (scale, p, sign) }
            return (1, "", sign)
        case "s":
            for (scale, name) in durations where m >= scale { return (scale, " \(name)", "") }
            return (1, " seconds", "")
        case "%": return (1, "%", "")
        case "x": return (1, "x", "")
        case "count":
            for (scale, name) in countScales where m >= scale { return (scale, " \(name)", "") }
            return (1, "", "")
        case "year", "1": return (1, "", "")
        case "m" where m >= 1000: return (1000, " km", "")
        case "m" where m > 0 && m < 0.01: return (0.001, " mm", "")
        case "m" where m > 0 && m < 1: return (0.01, " cm", "")
        default:
            if m >= 1e9, ["CNY", "KRW", "RUB", "DEM"].contains(unit) { return (1e9, " billion \(unit)", "") }
            if m >= 1e6, ["CNY", "KRW", "RUB", "DEM"].contains(unit) { return (1e6, " million \(unit)", "") }
            return (1, " \(unit)", "")
        }
    }

    static let siPrefixes: [(Double, String)] = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
    static let moneyScales: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M")]
    static let countScales: [(Double, String)] = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]
    /// A year is 365.25 days and a month a twelfth of it, as the extractor counts them.
    static let durations: [(Double, String)] = [(31_557_600, "years"), (2_629_800, "months"), (86_400, "days"), (3_600, "hours"), (60, "minutes")]
    static let perNames = ["h": "hour", "s": "second", "d": "day"]

    /// Up to three significant digits after scaling, no trailing zeros; thousands grouped
    /// (`1,150`); very large or small numbers in scientific form (`3e25`).
    static func number(_ v: Double, grouped group: Bool = true, cents: Bool = false) -> String {
        let a = abs(v)
        if a != 0, a >= 1e15 || a < 1e-3 {
            return String(format: "%.3g", v).replacingOccurrences(of: "e+", with: "e")
        }
        if v == v.rounded() { return group ? grouped(Int64(v)) : String(Int64(v)) }
        if cents { return String(format: "%.2f", v) }
        let decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2
        var s = String(format: "%.\(decimals)f", v)
        if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
        return s
    }

    static func grouped(_ n: Int64) -> String {
        let digits = String(abs(n))
        guard digits.count > 3 else { return String(n) }
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
