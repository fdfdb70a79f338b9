import KBModel
import KBMarkdown
/// Word lists and unit tables the figure extractor reads; all lookups are by lowercase
/// word unless a table says it is case-sensitive.
enum FigureLexicon {
    /// A unit and how to bring a value in it to the canonical unit.
    struct UnitInfo: Sendable {
        var kind: Figure.Kind
        var unit: String
        var factor: Double
        /// Rate name when the unit is a time unit used as a denominator ("/hour" → "h").
        var perName: String? = nil
        /// May be glued to a number with a hyphen ("18-month", "65-nanometer").
        var hyphenable: Bool = true
        /// Added after scaling; only temperatures have one (°C → K).
        var offset: Double = 0
    }

    static let celsius = UnitInfo(kind: .other, unit: "K", factor: 1, offset: 273.15)
    static let fahrenheit = UnitInfo(kind: .other, unit: "K", factor: 5.0 / 9, offset: 273.15 - 32 * 5.0 / 9)

    static let second = 1.0, minute = 60.0, hour = 3600.0, day = 86400.0, week = 604_800.0
    static let month = 2_629_800.0, year = 31_557_600.0

    private static func time(_ f: Double, _ per: String) -> UnitInfo {
        UnitInfo(kind: .duration, unit: "s", factor: f, perName: per)
    }
    private static func u(_ k: Figure.Kind, _ unit: String, _ f: Double, hyphen: Bool = true) -> UnitInfo {
        UnitInfo(kind: k, unit: unit, factor: f, hyphenable: hyphen)
    }

    /// Abbreviations and symbols, case-sensitive: "MW" is power, "mW" a milliwatt, "Mb" megabits.
    static let symbolUnits: [String: UnitInfo] = {
        var t: [String: UnitInfo] = [:]
        for (p, f) in [("", 1.0), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12)] {
            t[p + "W"] = u(.power, "W", f)
            t[p + "Wh"] = u(.energy, "Wh", f)
        }
        for (p, f) in [("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18), ("Z", 1e21)] {
            t[p + "B"] = u(.data, "B", f)
        }
        t["KiB"] = u(.data, "B", 1024); t["MiB"] = u(.data, "B", 1_048_576)
        t["GiB"] = u(.data, "B", 1_073_741_824); t["TiB"] = u(.data, "B", 1_099_511_627_776)
        for (p, f) in [("M", 1e6), ("G", 1e9), ("T", 1e12)] {
            t[p + "b"] = u(.data, "B", f / 8)
            var r = u(.data, "B", f / 8); r.perName = "s"  // marker: a rate per second
            t[p + "bps"] = r
        }
        for (p, f) in [("", 1.0), ("k", 1e3), ("M", 1e6), ("G", 1e9)] { t[p + "Hz"] = u(.other, "Hz", f) }
        for (p, f) in [("", 1.0), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18)] {
            t[p + "J"] = u(.energy, "Wh", f / 3600)
        }
        t["nm"] = u(.other, "m", 1e-9); t["µm"] = u(.other, "m", 1e-6); t["um"] = u(.other, "m", 1e-6)
        t["mm"] = u(.other, "m", 1e-3); t["cm"] = u(.other, "m", 1e-2); t["m"] = u(.other, "m", 1)
        t["km"] = u(.other, "m", 1e3); t["mi"] = u(.other, "m", 1609.344); t["ft"] = u(.other, "m", 0.3048)
        t["Å"] = u(.other, "m", 1e-10)
        t["mg"] = u(.other, "kg", 1e-6); t["g"] = u(.other, "kg", 1e-3); t["kg"] = u(.other, "kg", 1)
        t["lb"] = u(.other, "kg", 0.45359237); t["lbs"] = u(.other, "kg", 0.45359237)
        t["oz"] = u(.other, "kg", 0.028349523125)
        t["bbl"] = u(.other, "bbl", 1); t["V"] = u(.other, "V", 1); t["kV"] = u(.other, "V", 1e3)
        t["s"] = time(1, "s"); t["ms"] = time(1e-3, "ms"); t["µs"] = time(1e-6, "µs"); t["ns"] = time(1e-9, "ns")
        t["h"] = time(hour, "h"); t["hr"] = time(hour, "h"); t["hrs"] = time(hour, "h")
        t["min"] = time(minute, "minute"); t["mins"] = time(minute, "minute")
        t["yr"] = time(year, "year"); t["yrs"] = time(year, "year"); t["mo"] = time(month, "month")
        t["sec"] = time(1, "s"); t["secs"] = time(1, "s")
        t["x"] = u(.ratio, "x", 1); t["X"] = u(.ratio, "x", 1); t["×"] = u(.ratio, "x", 1)
        t["FLOP"] = u(.compute, "FLOP", 1); t["FLOPs"] = u(.compute, "FLOP", 1); t["flops"] = u(.compute, "FLOP", 1)
        t["FLOPS"] = u(.compute, "FLOP/s", 1)
        for (p, f) in [("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18)] {
            t[p + "FLOPS"] = u(.compute, "FLOP/s", f); t[p + "FLOPs"] = u(.compute, "FLOP/s", f)
            t[p + "FLOP/s"] = u(.compute, "FLOP/s", f)
        }
        t["mph"] = UnitInfo(kind: .other, unit: "m", factor: 1609.344, perName: "h")
        t["kph"] = UnitInfo(kind: .other, unit: "m", factor: 1000, perName: "h")
        t["%"] = u(.percent, "%", 1)
        return t
    }()

    /// Unit words, lowercase, singular and plural; multi-word units are joined by one space.
    static let wordUnits: [String: UnitInfo] = {
        var t: [String: UnitInfo] = [:]
        func add(_ names: [String], _ info: UnitInfo) { for n in names { t[n] = info } }
        for (p, f) in [("", 1.0), ("milli", 1e-3), ("kilo", 1e3), ("mega", 1e6), ("giga", 1e9), ("tera", 1e12)] {
            add([p + "watt", p + "watts"], u(.power, "W", f))
            add([p + "watt hour", p + "watt hours", p + "watt-hour", p + "watt-hours"], u(.energy, "Wh", f))
        }
        add(["horsepower"], u(.power, "W", 745.7))
        add(["joule", "joules"], u(.energy, "Wh", 1 / 3600.0))
        add(["kilojoule", "kilojoules"], u(.energy, "Wh", 1e3 / 3600))
        add(["megajoule", "megajoules"], u(.energy, "Wh", 1e6 / 3600))
        add(["gigajoule", "gigajoules"], u(.energy, "Wh", 1e9 / 3600))
        add(["byte", "bytes"], u(.data, "B", 1))
        for (p, f) in [("kilo", 1e3), ("mega", 1e6), ("giga", 1e9), ("tera", 1e12), ("peta", 1e15), ("exa", 1e18), ("zetta", 1e21)] {
            add([p + "byte", p + "bytes"], u(.data, "B", f))
            add([p + "bit", p + "bits"], u(.data, "B", f / 8))
            add([p + "flop", p + "flops"], u(.compute, "FLOP/s", f))
        }
        add(["bit", "bits"], u(.data, "B", 0.125))
        add(["flop", "flops"], u(.compute, "FLOP", 1))
        add(["nanometer", "nanometers", "nanometre", "nanometres"], u(.other, "m", 1e-9))
        add(["micrometer", "micrometers", "micron", "microns", "micrometre", "micrometres"], u(.other, "m", 1e-6))
        add(["millimeter", "millimeters", "millimetre", "millimetres"], u(.other, "m", 1e-3))
        add(["centimeter", "centimeters", "centimetre", "centimetres"], u(.other, "m", 1e-2))
        add(["meter", "meters", "metre", "metres"], u(.other, "m", 1))
        add(["kilometer", "kilometers", "kilometre", "kilometres"], u(.other, "m", 1e3))
        add(["mile", "miles"], u(.other, "m", 1609.344))
        add(["nautical mile", "nautical miles"], u(.other, "m", 1852))
        add(["foot", "feet"], u(.other, "m", 0.3048))
        add(["inch", "inches"], u(.other, "m", 0.0254))
        add(["yard", "yards"], u(.other, "m", 0.9144))
        add(["angstrom", "angstroms"], u(.other, "m", 1e-10))
        add(["light year", "light years", "light-year", "light-years"], u(.other, "m", 9.4607304725808e15))
        add(["gram", "grams"], u(.other, "kg", 1e-3, hyphen: false))
        add(["milligram", "milligrams"], u(.other, "kg", 1e-6, hyphen: false))
        add(["kilogram", "kilograms"], u(.other, "kg", 1))
        add(["ton", "tons", "tonne", "tonnes", "metric ton", "metric tons"], u(.other, "kg", 1000))
        add(["short ton", "short tons"], u(.other, "kg", 907.18474))
        add(["ounce", "ounces"], u(.other, "kg", 0.028349523125))
        add(["pound", "pounds"], u(.other, "kg", 0.45359237))
        add(["barrel", "barrels"], u(.other, "bbl", 1))
        add(["liter", "liters", "litre", "litres"], u(.other, "m3", 1e-3))
        add(["gallon", "gallons"], u(.other, "m3", 0.003785411784))
        add(["cubic meter", "cubic meters", "cubic metre", "cubic metres"], u(.other, "m3", 1))
        add(["square kilometer", "square kilometers", "square kilometre", "square kilometres"], u(.other, "m2", 1e6))
        add(["square mile", "square miles"], u(.other, "m2", 2_589_988.110336))
        add(["square meter", "square meters", "square metre", "square metres"], u(.other, "m2", 1))
        add(["square foot", "square feet"], u(.other, "m2", 0.09290304))
        add(["acre", "acres"], u(.other, "m2", 4046.8564224))
        add(["hectare", "hectares"], u(.other, "m2", 1e4))
        add(["hertz"], u(.other, "Hz", 1)); add(["kilohertz"], u(.other, "Hz", 1e3))
        add(["megahertz"], u(.other, "Hz", 1e6)); add(["gigahertz"], u(.other, "Hz", 1e9))
        add(["volt", "volts"], u(.other, "V", 1)); add(["kilovolt", "kilovolts"], u(.other, "V", 1e3))
        add(["atmosphere", "atmospheres", "atm"], u(.other, "Pa", 101_325))
        add(["pascal", "pascals"], u(.other, "Pa", 1)); add(["bar", "bars"], u(.other, "Pa", 1e5, hyphen: false))
        add(["psi"], u(.other, "Pa", 6894.757293168))
        add(["degree", "degrees"], u(.other, "rad", Double.pi / 180))
        for d in ["degree", "degrees"] {
            for (c, info) in [("celsius", celsius), ("centigrade", celsius), ("c", celsius), ("fahrenheit", fahrenheit), ("f", fahrenheit)] {
                t[d + " " + c] = info
            }
        }
        add(["kelvin", "kelvins"], u(.other, "K", 1))
        add(["knot", "knots"], UnitInfo(kind: .other, unit: "m", factor: 1852, perName: "h"))
        add(["second", "seconds"], time(1, "s"))
        add(["millisecond", "milliseconds"], time(1e-3, "ms"))
        add(["microsecond", "microseconds"], time(1e-6, "µs"))
        add(["nanosecond", "nanoseconds"], time(1e-9, "ns"))
        add(["minute", "minutes"], time(minute, "minute"))
        add(["hour", "hours"], time(hour, "h"))
        add(["day", "days"], time(day, "day"))
        add(["week", "weeks"], time(week, "week"))
        add(["month", "months"], time(month, "month"))
        add(["year", "years"], time(year, "year"))
        add(["decade", "decades"], time(10 * year, "decade"))
        add(["century", "centuries"], time(100 * year, "century"))
        add(["millennium", "millennia"], time(1000 * year, "millennium"))
        add(["percent", "per cent", "percentage point", "percentage points"], u(.percent, "%", 1))
        add(["basis point", "basis points"], u(.percent, "%", 0.01))
        add(["times"], u(.ratio, "x", 1, hyphen: false))
        add(["fold"], u(.ratio, "x", 1))
        add(["order of magnitude", "orders of magnitude"], u(.ratio, "x", 1, hyphen: false))
        return t
    }()

    /// Currency symbols written before the number.
    static let currencySymbols: [String: String] = [
        "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₱": "PHP",
        "US$": "USD", "C$": "CAD", "A$": "AUD", "HK$": "HKD", "NT$": "TWD", "S$": "SGD", "R$": "BRL",
    ]

    /// ISO codes and abbreviations that may sit before or after the number ("USD 5", "5 billion USD").
    static let currencyCodes: Set<String> = [
        "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "KRW", "RUB", "PHP", "CAD", "AUD", "HKD", "TWD",
        "SGD", "CHF", "BRL", "MXN", "SEK", "NOK", "DKK", "ZAR", "TRY", "SAR", "AED", "ILS", "IDR", "MYR",
        "THB", "VND", "PLN", "NZD", "Rs", "Rs.",
    ]

    static func isoCode(_ code: String) -> String {
        switch code { case "RMB": return "CNY"; case "Rs", "Rs.": return "INR"; default: return code }
    }

    /// Currency words after the number, lowercase.
    static let currencyWords: [String: String] = [
        "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
        "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "won": "KRW", "ruble": "RUB",
        "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "rupee": "INR", "rupees": "INR", "peso": "PHP",
        "pesos": "PHP", "franc": "CHF", "francs": "CHF", "lira": "TRY", "reais": "BRL", "baht": "THB",
        "ringgit": "MYR", "rupiah": "IDR", "shekel": "ILS", "shekels": "ILS", "riyal": "SAR", "riyals": "SAR",
        "dirham": "AED", "dirhams": "AED", "zloty": "PLN", "krona": "SEK", "kronor": "SEK", "kroner": "NOK",
        "marks": "DEM", "deutschmarks": "DEM", "guilders": "NLG", "rand": "ZAR",
    ]

    /// A nationality in front of a currency word that changes the code ("Canadian dollars").
    static let currencyAdjectives: [String: [String: String]] = [
        "canadian": ["dollar": "CAD", "dollars": "CAD"], "australian": ["dollar": "AUD", "dollars": "AUD"],
        "singapore": ["dollar": "SGD", "dollars": "SGD"], "taiwan": ["dollar": "TWD", "dollars": "TWD"],
        "kong": ["dollar": "HKD", "dollars": "HKD"], "zealand": ["dollar": "NZD", "dollars": "NZD"],
        "mexican": ["peso": "MXN", "pesos": "MXN"], "argentine": ["peso": "ARS", "pesos": "ARS"],
        "swiss": ["franc": "CHF", "francs": "CHF"], "french": ["franc": "FRF", "francs": "FRF"],
        "german": ["marks": "DEM"], "deutsche": ["marks": "DEM"], "turkish": ["lira": "TRY"],
        "italian": ["lira": "ITL"], "korean": [:], "japanese": [:], "russian": [:], "soviet": [:],
        "indian": [:], "philippine": [:], "chinese": [:], "british": [:], "us": [:], "american": [:],
        "new": [:], "old": [:], "hong": [:], "south": [:],
    ]

    /// Scale words, lowercase.
    static let scaleWords: [String: Double] = [
        "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "quadrillion": 1e15,
        "quintillion": 1e18, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
        "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12,
    ]

    /// Scale suffixes glued to digits ("100k", "$3.2B"), case-sensitive.
    static let scaleSuffixes: [String: Double] = [
        "k": 1e3, "K": 1e3, "M": 1e6, "mn": 1e6, "B": 1e9, "bn": 1e9, "b": 1e9, "T": 1e12, "tn": 1e12,
        "m": 1e6,
    ]

    /// Plural scale words read as lower bounds ("thousands of developers" ≥ 1000).
    static let vaguePlurals: [String: Double] = [
        "dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
        "trillions": 1e12,
    ]

    static let units: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12,
    ]
    static let tens: [String: Double] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90,
    ]
    /// Multiplier words with no separate numeral ("fourfold").
    static let foldWords: [String: Double] = [
        "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "sixfold": 6, "sevenfold": 7,
        "eightfold": 8, "ninefold": 9, "tenfold": 10, "hundredfold": 100, "thousandfold": 1000,
    ]
    /// Fraction denominators ("a third", "two-thirds").
    static let fractions: [String: Double] = [
        "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
        "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8,
        "tenth": 10, "tenths": 10, "hundredth": 100, "thousandth": 1000,
    ]

    static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec",
    ]
    static let seasonsAndParts: Set<String> = [
        "spring", "summer", "autumn", "fall", "winter", "early", "late", "mid", "end", "start",
    ]

    /// Nouns that label a thing by number rather than count it ("Figure 3", "top 20", "Rank 7").
    static let labelNouns: Set<String> = [
        "figure", "fig", "table", "chapter", "section", "episode", "ep", "part", "step", "phase", "stage",
        "level", "rank", "ranked", "top", "number", "no", "version", "v", "page", "pages", "season", "grade",
        "gen", "generation", "round", "volume", "vol", "item", "article", "slide", "lecture", "lesson",
        "exercise", "problem", "question", "room", "route", "highway", "interstate", "flight", "row", "act",
        "scene", "verse", "track", "tier", "category", "series", "model", "type", "class", "mk",
        "appendix", "eq", "equation", "theorem", "lemma", "amendment", "ward", "district", "sector",
        "batch", "cohort", "patch", "release", "build", "iteration", "paragraph", "clause",
    ]

    /// Node descriptors after a nanometre figure ("65-nanometer node").
    static let nodeWords: Set<String> = [
        "node", "nodes", "process", "processes", "technology", "tech", "generation", "class", "chip",
        "chips", "logic", "fab", "fabs", "production", "manufacturing", "family", "era", "line", "lines",
        "capacity", "wafers", "wafer", "finfet", "gaa", "euv", "transistor", "transistors", "design",
        "designs", "products", "product", "plans", "plan", "ramp", "yield", "yields", "equivalent",
    ]
    /// Common process nodes: a bare "Nnm" with no telling noun is read as a node when listed here.
    static let knownNodes: Set<Double> = [
        1, 1.4, 1.6, 1.8, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 22, 28, 32, 40, 45, 55, 65, 90, 110, 130,
        150, 180, 250, 350, 500, 600, 800,
    ]

    /// Words that are never a product name even when capitalized in front of a number.
    static let functionWords: Set<String> = [
        "a", "an", "the", "by", "in", "on", "at", "of", "for", "from", "to", "with", "within", "without",
        "since", "until", "till", "after", "before", "during", "over", "under", "about", "around", "just",
        "only", "some", "all", "each", "every", "another", "other", "these", "those", "this", "that", "its",
        "their", "his", "her", "our", "my", "your", "between", "among", "across", "through", "per", "than",
        "and", "or", "but", "nor", "so", "yet", "also", "still", "even", "then", "now", "today", "above",
        "below", "up", "down", "less", "more", "fewer", "least", "most", "maybe", "perhaps", "circa",
        "like", "approx", "estimated", "nearly", "almost", "exactly", "precisely", "total", "totaling",
        "totalling", "cost", "costs", "costing", "approximately", "roughly", "was", "were", "is", "are",
        "be", "been", "has", "have", "had", "will", "would", "could", "should", "can", "may", "might",
        "must", "when", "while", "where", "if", "as", "because", "though", "although", "whereas", "into",
        "onto", "upon", "toward", "towards", "via", "vs", "versus", "plus", "minus", "times", "reached",
        "reaching", "hit", "some", "nearly", "est", "ca", "c", "about", "beyond", "past", "next", "last",
        "first", "second", "third", "around", "roughly", "only", "another", "extra", "additional", "over",
        "both", "either", "neither", "no", "not", "what", "which", "who", "whom", "whose", "how", "why",
        "there", "here", "it", "they", "we", "he", "she", "you", "i", "us", "them", "him", "me", "once",
        "twice", "again", "already", "ago", "later", "earlier", "early", "late", "mid", "by", "upto",
        "spent", "spend", "paid", "raised", "earned", "lost", "made", "make", "sold", "bought", "got",
        "gave", "took", "takes", "needs", "need", "needed", "used", "uses", "using", "with", "cut", "added",
        "adding", "includes", "including", "included", "contains", "containing", "has", "having", "saw",
        "see", "sees", "employs", "employed", "hired", "built", "build", "builds", "ran", "run", "runs",
    ]

    /// Words after which a following word is not part of a counted noun.
    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "that", "which", "who",
        "this", "these", "those", "than", "as", "per", "each", "it", "its", "their", "his", "her", "our",
        "more", "less", "fewer", "over", "under", "about", "around", "instead", "versus", "vs", "while",
        "when", "where", "if", "into", "onto", "upon", "within", "between", "during", "after", "before",
        "since", "until", "so", "such", "not", "no", "will", "would", "could", "should", "can", "may",
        "might", "must", "do", "does", "did", "ago", "old", "later", "earlier", "then", "now", "there",
        "here", "alone", "each", "every", "all", "some", "any", "via", "per", "across", "through", "only",
        "just", "also", "even", "still", "already", "yet", "again", "too", "very", "much", "many", "most",
        "least", "both", "either", "plus", "minus", "times", "up", "down", "out", "off", "away", "back",
        "again", "away", "annually", "yearly", "daily", "monthly", "weekly", "hourly", "today", "total",
        "overall", "worldwide", "globally", "respectively", "apiece", "ahead", "behind", "less", "higher",
        "lower", "larger", "smaller", "bigger", "faster", "slower", "cheaper", "better", "worse", "greater",
        "said", "says", "according", "compared", "including", "like", "unlike", "what", "how", "why",
        "estimated", "roughly", "approximately", "nearly", "almost", "is", "thus", "hence",
    ]

    /// Verbs that make "from X to Y" a change between two figures rather than one range.
    static let changeWords: Set<String> = [
        "rose", "rise", "rises", "rising", "risen", "fell", "fall", "falls", "falling", "fallen", "grew",
        "grow", "grows", "growing", "grown", "increased", "increase", "increases", "increasing",
        "decreased", "decrease", "decreases", "decreasing", "dropped", "drop", "drops", "dropping",
        "declined", "decline", "declines", "declining", "went", "go", "goes", "going", "gone", "jumped",
        "jump", "jumps", "jumping", "cut", "cuts", "cutting", "reduced", "reduce", "reduces", "reducing",
        "climbed", "climb", "climbs", "climbing", "shrank", "shrink", "shrinks", "shrinking", "surged",
        "surge", "surging", "plunged", "plunge", "plummeted", "expanded", "expand", "expanding", "soared",
        "soar", "soaring", "slashed", "slash", "raised", "raise", "raising", "boosted", "boost", "lowered",
        "lower", "changed", "change", "changing", "moved", "move", "moving", "improved", "improve",
        "improving", "doubled", "tripled", "halved", "ballooned", "swelled", "sank", "tumbled", "spiked",
        "scaled", "scaling", "scale", "upgraded", "shifted", "shift", "down", "up", "dwindled", "recovered",
    ]

    /// Words that make a bare scaled amount money ("costing hundreds of billions").
    static let moneyContext: Set<String> = [
        "cost", "costs", "costing", "costed", "spend", "spends", "spent", "spending", "raise", "raised",
        "raising", "worth", "valued", "valuation", "revenue", "revenues", "profit", "profits", "loss",
        "losses", "lost", "losing", "lose", "earn", "earned", "earning", "earnings", "paid", "pay", "paying",
        "invest", "invested", "investing", "investment", "investments", "budget", "funding", "funded",
        "price", "priced", "debt", "debts", "owed", "owe", "owes", "grant", "grants", "deficit", "surplus",
        "salary", "salaries", "wage", "wages", "fee", "fees", "sales", "capex", "subsidy", "subsidies",
        "tax", "taxes", "income", "gdp", "dollars", "fine", "fined", "bailout", "loan", "loans", "capital",
        "market", "cap", "bid", "offer", "offered", "deal", "acquired", "acquisition", "bought", "sold",
    ]

    /// Rate adverbs that may sit after a figure ("$4 trillion annually").
    static let rateAdverbs: [String: String] = [
        "annually": "year", "yearly": "year", "annual": "year", "daily": "day", "monthly": "month",
        "weekly": "week", "hourly": "h", "nightly": "day", "quarterly": "quarter",
    ]

    /// Irregular plurals of counted nouns.
    static let irregularPlurals: [String: String] = [
        "people": "person", "men": "man", "women": "woman", "children": "child", "mice": "mouse",
        "teeth": "tooth", "geese": "goose", "staff": "staff", "personnel": "personnel", "police": "police",
        "cattle": "cattle", "sheep": "sheep", "fish": "fish", "deer": "deer", "aircraft": "aircraft",
        "species": "species", "series": "series", "crew": "crew", "data": "data", "media": "medium",
        "indices": "index", "criteria": "criterion", "phenomena": "phenomenon", "feet": "foot",
    ]

    /// Words ending in s that are not plural nouns.
    static let notPlural: Set<String> = [
        "is", "was", "has", "does", "goes", "says", "this", "its", "his", "hers", "ours", "yours", "theirs",
        "as", "us", "yes", "plus", "minus", "less", "unless", "thus", "versus", "across", "always",
        "perhaps", "whereas", "towards", "afterwards", "besides", "sometimes", "nevertheless", "means",
        "makes", "seems", "becomes", "remains", "requires", "includes", "needs", "gets", "takes", "uses",
        "gives", "shows", "suggests", "represents", "costs", "lets", "helps", "allows", "brings", "puts",
        "runs", "sits", "stands", "holds", "keeps", "comes", "leads", "adds", "owns", "wins", "loses",
        "news", "physics", "mathematics", "economics", "politics", "lens", "bus", "gas", "chaos", "basis",
        "analysis", "thesis", "crisis", "status", "focus", "bonus", "virus", "census", "campus", "consensus",
        "process", "access", "success", "business", "progress", "class", "mass", "glass", "loss", "boss",
        "pass", "press", "stress", "address", "express", "various", "previous", "famous", "serious",
        "numerous", "enormous", "tremendous", "ambitious", "obvious", "continuous", "anonymous",
        "dangerous", "generous", "whereabouts", "nucleus", "radius", "genus", "apparatus", "prospectus",
        "corpus", "hiatus", "ethos", "pathos", "cosmos", "kudos", "overseas", "alias", "atlas", "canvas",
        "bias", "ides", "series", "species", "headquarters",
    ]
}

extension FigureLexicon {
    /// What the tables above say about one lowercase word. The tokenizer looks it up once per
    /// word, so the parser's many "is this a stop word / a scale / a unit" questions about a
    /// token are bit tests instead of fresh String hashes.
    struct Word: Sendable {
        /// The tables the word is in.
        struct Tags: OptionSet, Sendable {
            let rawValue: UInt32
            static let function = Tags(rawValue: 1 << 0)
            static let stop = Tags(rawValue: 1 << 1)
            static let month = Tags(rawValue: 1 << 2)
            static let season = Tags(rawValue: 1 << 3)
            static let labelNoun = Tags(rawValue: 1 << 4)
            static let rateAdverb = Tags(rawValue: 1 << 5)
            static let currencyWord = Tags(rawValue: 1 << 6)
            static let wordUnit = Tags(rawValue: 1 << 7)
            /// First word of a multi-word unit ("metric" in "metric tons", "watt" in "watt-hours").
            static let unitPhrase = Tags(rawValue: 1 << 8)
            static let moneyCue = Tags(rawValue: 1 << 9)
            static let explosiveCue = Tags(rawValue: 1 << 10)
            // The number tables; `value` holds the number.
            static let units = Tags(rawValue: 1 << 11)
            static let tens = Tags(rawValue: 1 << 12)
            static let scale = Tags(rawValue: 1 << 13)
            static let vague = Tags(rawValue: 1 << 14)
            static let fold = Tags(rawValue: 1 << 15)
            static let fraction = Tags(rawValue: 1 << 16)
            static let numberTables: Tags = [.units, .tens, .scale, .vague, .fold, .fraction]
        }

        var tags: Tags = []
        /// The word's number in the one number table that lists it; no word is in two of them.
        var value = 0.0

        /// The word is in any of `tables`.
        @inline(__always) func has(_ tables: Tags) -> Bool { !tags.isDisjoint(with: tables) }
        @inline(__always) private func value(in table: Tags) -> Double? { tags.contains(table) ? value : nil }
        var units: Double? { value(in: .units) }
        var tens: Double? { value(in: .tens) }
        var scale: Double? { value(in: .scale) }
        var vague: Double? { value(in: .vague) }
        var fold: Double? { value(in: .fold) }
        var fraction: Double? { value(in: .fraction) }
    }

    /// Words that make a bare "pounds", "marks" or "rand" money ("£" does too).
    static let moneyCueWords: Set<String> = [
        "currency", "cost", "costs", "costing", "paid", "price", "sterling", "budget", "wage", "salary", "funding",
        "revenue", "profit", "spent", "worth",
    ]

    /// Words that make kilotons and megatons energy rather than mass.
    static let explosiveCueWords: Set<String> = [
        "tnt", "bomb", "bombs", "nuclear", "warhead", "warheads", "explosion", "yield", "blast", "detonation",
        "weapon", "weapons",
    ]

    static let words: [String: Word] = {
        var t: [String: Word] = [:]
        func tag<S: Sequence<String>>(_ words: S, _ tags: Word.Tags) {
            for w in words { t[w, default: Word()].tags.insert(tags) }
        }
        func number(_ table: [String: Double], _ tags: Word.Tags) {
            for (w, v) in table {
                assert(!(t[w]?.has(Word.Tags.numberTables) ?? false), "\(w) is in two number tables")
                t[w, default: Word()].tags.insert(tags)
                t[w]!.value = v
            }
        }
        tag(functionWords, .function)
        tag(stopWords, .stop)
        tag(months, .month)
        tag(seasonsAndParts, .season)
        tag(labelNouns, .labelNoun)
        tag(rateAdverbs.keys, .rateAdverb)
        tag(currencyWords.keys, .currencyWord)
        tag(wordUnits.keys, .wordUnit)
        let phraseStarts = wordUnits.keys.compactMap { unit in
            unit.split(whereSeparator: { $0 == " " || $0 == "-" }).dropLast().first.map(String.init)
        }
        tag(phraseStarts, .unitPhrase)
        tag(moneyCueWords, .moneyCue)
        tag(explosiveCueWords, .explosiveCue)
        number(units, .units)
        number(tens, .tens)
        number(scaleWords, .scale)
        number(vaguePlurals, .vague)
        number(foldWords, .fold)
        number(fractions, .fraction)
        return t
    }()

    /// The lexicon's facts about a lowercase word; empty for words it does not list.
    @inline(__always) static func word(_ lower: String) -> Word {
        wordFilter.mayContain(lower) ? words[lower] ?? Word() : Word()
    }

    /// Most words of a claim are in no table: most are ruled out before they are hashed.
    static let wordFilter = WordFilter(words.keys)
}

// MARK: - Words the parser and tokenizer test in place

extension FigureLexicon {
    /// Symbols that end a clause: what a figure takes from its neighbours stops there.
    static let clauseBreaks: Set<String> = [".", ";", ":", "!", "?", "•"]

    /// Words that open a clause of its own inside a sentence (relative pronouns, subordinating
    /// conjunctions): a rate word after one belongs to that clause's verb, not to a figure
    /// before it ("2 million chips to buyers who pay per year": the chips are no rate).
    static let clauseOpeners: Set<String> = [
        "who", "whom", "whose", "which", "while", "whereas", "because", "although", "though",
        "unless", "whenever", "wherever",
    ]

    /// Letters glued before "$" that name a dollar ("US$", "HK$"); `currencySymbols` has each with its "$".
    static let dollarPrefixes: Set<String> = ["US", "NT", "HK", "C", "A", "S", "R"]

    /// Eras after a year ("300 BC", "79 AD"), glued or not.
    static let eras: Set<String> = ["BC", "BCE", "AD", "CE"]

    /// Nouns that make a scaled number a parameter count ("a 100B model").
    static let modelNouns: Set<String> = ["model", "models", "llm", "llms"]

    /// Symbols that hedge the number after them ("~2016").
    static let approxSymbols: Set<String> = ["~", "≈", "∼"]
    /// Words that follow a verb, not a counted noun: "0 yields the zero vector".
    static let articlesAfterVerb: Set<String> = ["the", "a", "an", "this", "that", "its", "their", "no", "every"]

    /// Words that hedge a year ("around 2016", "c. 1500").
    static let yearHedges: Set<String> = ["around", "about", "circa", "approximately", "roughly", "c", "ca"]

    /// Parts of a year that date it even written in lowercase ("early 2020", "summer 1969"); a
    /// month dates it only capitalized ("May 2020", not "may 2020").
    static let lowercaseYearParts: Set<String> = ["early", "late", "mid", "spring", "summer", "autumn", "fall", "winter"]

    /// Prefixes hyphenated to a year ("mid-2020", "post-1945").
    static let yearPrefixes: Set<String> = ["mid", "early", "late", "pre", "post"]

    /// Endings of adjectives, which a number hyphenated to them does not count ("two-sided").
    static let adjectiveEndings: [String] = [
        "ic", "al", "ed", "ing", "ary", "ive", "ous", "ish", "like", "ly", "esque", "wise", "ward", "ful", "less",
        "based", "style",
    ]

    /// Plural endings that take "es" ("switches", "boxes").
    static let esPluralEndings: [String] = ["ches", "shes", "sses", "xes", "zes"]

    /// Hedges that may stand between "between" and a range ("between about 20 and 30").
    static let rangeHedges: Set<String> = ["about", "around", "roughly", "approximately", "some"]

    /// Explosive yields, energy or mass by context.
    static let tonnageWords: Set<String> = ["kiloton", "kilotons", "megaton", "megatons"]

    /// Durations a figure alone ("a decade"); shorter ones ("a week") need a bound word before them.
    static let longDurations: Set<String> = ["decade", "century", "millennium"]

    /// Words before "half" that make it a part of something, not a fraction ("the second half").
    static let halfParts: Set<String> = [
        "first", "second", "latter", "former", "back", "front", "other", "top", "bottom", "lower", "upper", "the",
        "in", "and",
    ]

    /// Words after "half" that make it a fraction of what follows ("half of", "half their").
    static let halfObjects: Set<String> = ["of", "the", "its", "their", "his", "her", "our", "that", "all"]

    /// What may stand between a bare number and the neighbour it takes a unit from.
    static let unitJoiners: Set<String> = ["or", "and", "to", "-", "–", "nor", ",", "even", "perhaps", "maybe", "possibly"]

    /// Words before a bare number that set it beside the figure before ("20 to 30", "10 versus 12").
    static let coordinators: Set<String> = ["to", "or", "and", "versus", "vs", "than", "nor"]

    /// What a hedge spreads over in a list ("approximately 80% fission and 20% fusion").
    static let listJoiners: Set<String> = ["and", "or", ","]

    /// Symbols that stop a hedge spreading over a list.
    static let listBreaks: Set<String> = ["(", ")", ";", "."]

    /// Words before a duration that make it a rate ("twice a day", "every year").
    static let rateDeterminers: Set<String> = ["a", "an", "each", "every"]

    /// The middle of "year-over-year", "month on month".
    static let periodComparisons: Set<String> = ["over", "on"]

    /// After "or": an upper bound ("10 or less").
    static let orLessWords: Set<String> = ["less", "fewer", "lower", "below", "under"]

    /// After "or" or "and": a lower bound ("10 or more", "10 and above").
    static let orMoreWords: Set<String> = ["more", "greater", "higher", "above", "over"]

    /// After "and" only: a lower bound ("18 and up").
    static let andUpWords: Set<String> = ["up", "above"]

    /// Top-level domains glued to digits, which make a name, not a number ("14.ai").
    static let topLevelDomains: Set<String> = ["ai", "com", "io", "org", "net", "co", "app", "dev", "xyz", "gg", "so", "me", "tv"]

    /// What a phrase before a number does to it.
    enum PreEffect { case bound(Figure.Bound), approx, factor }

    /// Phrases before a number: hedges, bounds, and "a factor of".
    static let prePhrases: [([String], PreEffect)] = [
        (["an", "estimated"], .approx), (["estimated", "at"], .approx), (["estimates", "of"], .approx),
        (["estimate", "of"], .approx), (["estimated"], .approx), (["an", "approximate"], .approx),
        (["approximately"], .approx), (["approx"], .approx), (["about"], .approx), (["around"], .approx),
        (["roughly"], .approx), (["nearly"], .approx), (["almost"], .approx), (["circa"], .approx),
        (["some"], .approx), (["close", "to"], .approx), (["on", "the", "order", "of"], .approx),
        (["in", "the", "region", "of"], .approx), (["~"], .approx), (["≈"], .approx), (["∼"], .approx),
        (["just", "over"], .bound(.gt)), (["just", "above"], .bound(.gt)), (["well", "over"], .bound(.gt)),
        (["more", "than"], .bound(.gt)), (["greater", "than"], .bound(.gt)), (["higher", "than"], .bound(.gt)),
        (["in", "excess", "of"], .bound(.gt)), (["upwards", "of"], .bound(.gt)), (["over"], .bound(.gt)),
        (["above"], .bound(.gt)), (["exceeding"], .bound(.gt)), ([">"], .bound(.gt)),
        (["at", "least"], .bound(.ge)), (["no", "less", "than"], .bound(.ge)), (["no", "fewer", "than"], .bound(.ge)),
        (["a", "minimum", "of"], .bound(.ge)), (["starting", "at"], .bound(.ge)), (["starts", "at"], .bound(.ge)),
        (["starting", "from"], .bound(.ge)), (["≥"], .bound(.ge)),
        (["just", "under"], .bound(.lt)), (["just", "below"], .bound(.lt)), (["less", "than"], .bound(.lt)),
        (["fewer", "than"], .bound(.lt)), (["lower", "than"], .bound(.lt)), (["under"], .bound(.lt)),
        (["below"], .bound(.lt)), (["<"], .bound(.lt)),
        (["up", "to"], .bound(.le)), (["no", "more", "than"], .bound(.le)), (["at", "most"], .bound(.le)),
        (["a", "maximum", "of"], .bound(.le)), (["as", "many", "as"], .bound(.le)), (["not", "exceeding"], .bound(.le)),
        (["capped", "at"], .bound(.le)), (["≤"], .bound(.le)), (["within"], .bound(.le)),
        (["by", "a", "factor", "of"], .factor), (["a", "factor", "of"], .factor),
    ]

    /// `prePhrases` by last word, each group in list order: a position costs one lookup, not a
    /// comparison with every phrase.
    static let prePhrasesByLast = Dictionary(grouping: prePhrases, by: { $0.0.last! })
}
