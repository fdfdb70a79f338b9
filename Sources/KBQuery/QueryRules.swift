import KBModel
import KBExtract
import KBStore
/// How kb reads a query typed as people type it: which words carry its meaning, and which
/// other forms of each word should match. Every rule is general English (or a small table of
/// it, below), not a list fitted to one corpus; docs/search.md describes them with examples.
///
/// The result is a `SearchPlan`: the query's concepts, each with the FTS5 terms that match it.
/// A claim matches a concept when it holds any of its forms; search ranks claims by how many
/// concepts they hold (Rerank).
public struct SearchPlan: Sendable, Hashable {
    /// One thing the query asks about: a word as typed, with its other forms.
    public struct Concept: Sendable, Hashable {
        /// As typed ("datacentres").
        public var label: String
        /// The terms that match it, the typed form first ("datacentres", "datacenters",
        /// "data centres", "data centers").
        public var forms: [FTSQuery.Term]
        /// Quoted, a prefix or an OR alternative: searched as typed.
        public var exact: Bool
        /// How much it counts in ranking, besides its idf: 1; a name typed in capitals
        /// `QueryRules.nameEmphasis`; a framing word ("history", "intuition", "great")
        /// `QueryRules.framingEmphasis`, which a claim need not hold to hold the query.
        public var emphasis: Double = 1
        /// A claim holds the query when it holds every required concept.
        public var required: Bool { emphasis >= 1 }
    }

    public var concepts: [Concept]
    public var excluded: [FTSQuery.Term]
    /// Words of the query left out: function words, question words, "say about" in a question.
    public var dropped: [String]

    /// FTS5: every concept (by any of its forms), none of the excluded terms.
    public var allExpression: String { FTSQuery.expression(all: concepts.map(\.forms), excluded: excluded) }
    /// FTS5: every required concept (not the optional framing words), none of the excluded.
    public var requiredExpression: String {
        FTSQuery.expression(all: concepts.filter(\.required).map(\.forms), excluded: excluded)
    }
    /// FTS5: any concept. Both expressions hold the same phrases in the same order, so FTS5's
    /// bm25 gives a claim the same score under either.
    public var anyExpression: String { FTSQuery.expression(any: concepts.map(\.forms), excluded: excluded) }
}

public enum QueryRules {
    /// Reads `query` (the FTSQuery syntax) into a plan.
    /// - Parameters:
    ///   - excluding: words given with `--not`.
    ///   - knows: whether the index holds a word (any inflection); used to accept a compound's
    ///     split or joined form only when the index has its parts. Without it, no compounds.
    public static func plan(_ query: String, excluding: [String] = [], knows: ((String) -> Bool)? = nil) throws -> SearchPlan {
        let parsed = try FTSQuery.parse(query, excluding: excluding)
        return plan(parsed, knows: knows)
    }

    public static func plan(_ parsed: FTSQuery.Parsed, knows: ((String) -> Bool)? = nil) -> SearchPlan {
        let words = parsed.groups.map { group in group.count == 1 ? group[0] : nil }
        let keep = kept(parsed.groups)
        var concepts: [SearchPlan.Concept] = []
        var dropped: [String] = []
        /// The concept each group became (nil: dropped).
        var conceptOf: [Int?] = []
        for (g, group) in parsed.groups.enumerated() {
            guard keep[g] else {
                dropped.append(group[0].text)
                conceptOf.append(nil)
                continue
            }
            conceptOf.append(concepts.count)
            if group.count > 1 {
                // `a OR b`: one concept; each side gets its own variants.
                let forms = group.flatMap { variants(of: $0, knows: knows) }
                concepts.append(.init(label: group.map(\.text).joined(separator: " OR "), forms: unique(forms), exact: true))
            } else {
                let term = group[0]
                concepts.append(.init(label: term.text, forms: unique(variants(of: term, knows: knows)), exact: term.quoted || term.prefix))
            }
        }

        // Forms that stand for several consecutive words: "artificial intelligence" is also
        // "AI", "data center" also "datacenter". Each such form is added to every concept of
        // the span, so a claim saying "AI" holds both concepts.
        for (range, form) in spans(words, knows: knows) {
            for g in range {
                guard let c = conceptOf[g] else { continue }
                if !concepts[c].forms.contains(form) { concepts[c].forms.append(form) }
            }
        }
        emphasize(&concepts, groups: parsed.groups, conceptOf: conceptOf)
        return SearchPlan(concepts: concepts, excluded: parsed.excluded, dropped: dropped)
    }

    /// For each FTS5 phrase of the plan's expressions, in order, the required concept it
    /// stands for (-1: an optional concept or an exclusion), as `kb_cover` reads it.
    /// `requiredOnly`: for `requiredExpression`, which holds the required concepts' forms only.
    public static func coverMap(_ plan: SearchPlan, requiredOnly: Bool = false) -> String {
        var out: [String] = []
        for (c, concept) in plan.concepts.enumerated() where concept.required || !requiredOnly {
            out += Array(repeating: concept.required ? String(c) : "-1", count: concept.forms.count)
        }
        out += Array(repeating: "-1", count: plan.excluded.count)
        return out.joined(separator: " ")
    }

    // MARK: - Rule 1: function and question words

    /// Words that carry no topic: articles, pronouns, auxiliaries, common prepositions and
    /// conjunctions, question words. Dropped unless quoted, part of an OR, a name (capitalized
    /// after the first word: "Will", "May") or an acronym in capitals ("US", "IT").
    /// "why is TSMC dominant" → TSMC, dominant.
    public static let functionWords: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "some", "any", "such", "own",
        "of", "for", "in", "on", "at", "to", "from", "by", "with", "about", "into", "onto", "upon", "as",
        "between", "among", "within", "via", "per",
        "and", "or", "but", "nor", "if", "than", "then", "so", "because", "while", "whether",
        "is", "are", "was", "were", "be", "been", "being", "am",
        "do", "does", "did", "done", "doing", "has", "have", "had", "having",
        "will", "would", "shall", "should", "can", "could", "may", "might", "must",
        "i", "me", "my", "we", "our", "us", "you", "your", "he", "him", "his", "she", "her",
        "it", "its", "they", "them", "their", "there", "here", "one", "ones",
        "what", "which", "who", "whom", "whose", "why", "how", "when", "where",
        "not", "no", "very", "just", "also", "too", "really", "ever", "much", "many", "s",
    ]

    /// Verbs that frame a question about what someone said: dropped when the query is a
    /// question (starts with a question word or ends with "?"). "what did Zuckerberg say
    /// about energy" → Zuckerberg, energy; but "say on pay" keeps "say".
    public static let reportingVerbs: Set<String> = [
        "say", "says", "said", "saying", "think", "thinks", "thought", "talk", "talks", "talked", "talking",
        "mention", "mentions", "mentioned", "explain", "explains", "explained", "describe", "describes",
        "described", "discuss", "discusses", "discussed", "believe", "believes", "believed", "argue",
        "argues", "argued", "tell", "tells", "told", "mean", "means", "meant", "feel", "feels", "felt",
        "view", "views", "opinion", "opinions", "take", "stance",
    ]

    /// Words that start a question.
    static let questionStarters: Set<String> = [
        "what", "why", "how", "when", "where", "who", "whom", "whose", "which", "did", "does", "do",
        "is", "are", "was", "were", "can", "could", "should", "would", "will", "has", "have", "had",
    ]

    /// The word as compared with the lists: lowercase, without the punctuation around it.
    static func core(_ text: String) -> String {
        let scalars = text.lowercased().unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }),
              let last = scalars.lastIndex(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Which groups carry meaning.
    static func kept(_ groups: [[FTSQuery.Term]]) -> [Bool] {
        let texts = groups.flatMap { $0.map(\.text) }
        let letters = texts.joined().filter(\.isLetter)
        let allCaps = !letters.isEmpty && letters.allSatisfy { !$0.isLowercase }
        let first = groups.first.map { core($0[0].text) } ?? ""
        let question = questionStarters.contains(first) || texts.last?.hasSuffix("?") == true
        let keep = groups.enumerated().map { (g, group) -> Bool in
            guard group.count == 1, case let term = group[0], !term.quoted, !term.prefix else { return true }
            let word = core(term.text)
            // "Moore's" is the name, not "s"; a possessive drops nothing.
            let base = word.hasSuffix("'s") || word.hasSuffix("’s") ? String(word.dropLast(2)) : word
            let listed = functionWords.contains(base) || (question && reportingVerbs.contains(base))
            guard listed else { return true }
            if !allCaps {
                let typed = term.text.filter(\.isLetter)
                if typed.count >= 2, typed.allSatisfy(\.isUppercase) { return true }  // acronym: US, IT
                if g > 0, typed.first?.isUppercase == true { return true }  // a name: Will, May
            }
            return false
        }
        // A query of function words only ("to be or not to be") is searched as typed.
        return keep.contains(true) ? keep : Array(repeating: true, count: groups.count)
    }

    // MARK: - Rule 1b: framing words and names

    /// Words that say what kind of answer is wanted, or qualify, rather than name the topic:
    /// "history of X", "intuition for X", "great engineers", "energy use", "how does X work".
    /// They stay in the query (a claim holding them ranks higher) but weigh little and are
    /// not needed for a claim to hold the query.
    public static let framingWords: Set<String> = [
        "history", "intuition", "intuitions", "intuitive", "overview", "introduction", "intro", "basics", "basic",
        "explanation", "explained", "definition", "meaning", "summary", "examples", "example", "tips", "advice",
        "guide", "lesson", "lessons", "idea", "ideas", "role", "importance", "important", "way", "ways", "thing",
        "things", "kind", "kinds", "type", "types", "aspect", "aspects", "good", "great", "best", "better",
        "bad", "big", "new", "main", "key", "major", "general", "various", "different", "common", "simple",
        "real", "actual", "use", "uses", "using", "used", "work", "works", "happen", "happened", "happens",
        "matter", "matters",
    ]

    /// How much a framing word counts, and a name (a word typed with a capital after the
    /// first word: "how did Intel fall behind"), against 1 for other words.
    public static let framingEmphasis = 0.25
    public static let nameEmphasis = 2.0

    static func emphasize(_ concepts: inout [SearchPlan.Concept], groups: [[FTSQuery.Term]], conceptOf: [Int?]) {
        let texts = groups.flatMap { $0.map(\.text) }
        let capitalized = texts.filter { $0.first?.isUppercase == true }.count
        // In a query typed in Title Case or capitals, a capital says nothing.
        let namesMeanSomething = capitalized * 2 <= texts.count
        for (g, group) in groups.enumerated() {
            guard let c = conceptOf[g], group.count == 1, !group[0].quoted, !group[0].prefix else { continue }
            let word = core(group[0].text)
            if framingWords.contains(word) {
                concepts[c].emphasis = framingEmphasis
            } else if namesMeanSomething, g > 0, group[0].text.first?.isUppercase == true {
                concepts[c].emphasis = nameEmphasis
            }
        }
        // A query of framing words only: they are its topic.
        if !concepts.contains(where: \.required) {
            for c in concepts.indices { concepts[c].emphasis = 1 }
        }
    }

    // MARK: - Rule 2: British and American spellings

    /// Spelling pairs, British first, replaced inside a word ("datacentres" → "datacenters",
    /// "colourful" → "colorful"), both ways. Endings that differ regularly (-ise/-ize,
    /// -isation/-ization, -yse/-yze) are rules of their own (`spellings(of:)`); words that are
    /// also other words' parts ("check", "program") are in `wholeWordSpellings`.
    public static let spellingPairs: [(british: String, american: String)] = [
        ("centre", "center"), ("fibre", "fiber"), ("metre", "meter"), ("litre", "liter"),
        ("theatre", "theater"), ("calibre", "caliber"), ("spectre", "specter"), ("lustre", "luster"),
        ("colour", "color"), ("favour", "favor"), ("behaviour", "behavior"), ("honour", "honor"),
        ("labour", "labor"), ("neighbour", "neighbor"), ("rumour", "rumor"), ("humour", "humor"),
        ("harbour", "harbor"), ("vapour", "vapor"), ("flavour", "flavor"), ("endeavour", "endeavor"),
        ("armour", "armor"), ("savour", "savor"), ("vigour", "vigor"), ("glamour", "glamor"),
        ("defence", "defense"), ("offence", "offense"), ("licence", "license"), ("pretence", "pretense"),
        ("analogue", "analog"), ("catalogue", "catalog"), ("dialogue", "dialog"),
        ("aluminium", "aluminum"), ("grey", "gray"), ("tyre", "tire"), ("plough", "plow"),
        ("mould", "mold"), ("sceptic", "skeptic"), ("programme", "program"), ("manoeuvre", "maneuver"),
        ("paediatric", "pediatric"), ("encyclopaedia", "encyclopedia"), ("anaemi", "anemi"),
        ("haemo", "hemo"), ("oestrogen", "estrogen"), ("foetus", "fetus"), ("orthopaedic", "orthopedic"),
        ("judgement", "judgment"), ("ageing", "aging"), ("acknowledgement", "acknowledgment"),
        ("travelled", "traveled"), ("travelling", "traveling"), ("traveller", "traveler"),
        ("modelled", "modeled"), ("modelling", "modeling"), ("labelled", "labeled"), ("labelling", "labeling"),
        ("cancelled", "canceled"), ("cancelling", "canceling"), ("fuelled", "fueled"), ("fuelling", "fueling"),
        ("signalled", "signaled"), ("signalling", "signaling"), ("levelled", "leveled"), ("channelled", "channeled"),
        ("tunnelling", "tunneling"), ("counsellor", "counselor"), ("jeweller", "jeweler"), ("jewellery", "jewelry"),
        ("marvellous", "marvelous"), ("enrolment", "enrollment"), ("fulfil", "fulfill"), ("skilful", "skillful"),
        ("instalment", "installment"), ("pyjama", "pajama"),
    ]

    /// Pairs that apply to the whole word only (and its plural): "check" in "checker" is no cheque.
    public static let wholeWordSpellings: [(british: String, american: String)] = [
        ("cheque", "check"), ("programme", "program"), ("tyre", "tire"), ("draught", "draft"), ("kerb", "curb"),
    ]

    /// Regular ending differences: -ise/-ize and kin, the longest first.
    static let spellingEndings: [(british: String, american: String)] = [
        ("isations", "izations"), ("isation", "ization"), ("ising", "izing"), ("ised", "ized"),
        ("iser", "izer"), ("isers", "izers"), ("ises", "izes"), ("ise", "ize"),
        ("ysing", "yzing"), ("ysed", "yzed"), ("yses", "yzes"), ("yse", "yze"),
    ]

    /// The other spellings of a (lowercase) word.
    public static func spellings(of word: String) -> [String] {
        var out: [String] = []
        for (b, a) in spellingPairs {
            if word.contains(b) { out.append(word.replacing(b, with: a)) } else if word.contains(a) { out.append(word.replacing(a, with: b)) }
        }
        for (b, a) in wholeWordSpellings {
            if word == b || word == b + "s" { out.append(a + word.dropFirst(b.count)) }
            if word == a || word == a + "s" { out.append(b + word.dropFirst(a.count)) }
        }
        // -ise/-ize: only after a stem of four letters or more (not "rise", "wise", "size").
        for (b, a) in spellingEndings {
            if word.hasSuffix(b), word.count - b.count >= 4 { out.append(String(word.dropLast(b.count)) + a); break }
            if word.hasSuffix(a), word.count - a.count >= 4 { out.append(String(word.dropLast(a.count)) + b); break }
        }
        return out.filter { $0 != word }
    }

    // MARK: - Rule 3: irregular forms

    /// Word forms the stemmer does not relate (it folds "chips"/"chip", "running"/"run", but
    /// not "fell"/"fall" or "mice"/"mouse"). Each row is one word's forms.
    public static let irregularForms: [[String]] = [
        ["man", "men"], ["woman", "women"], ["child", "children"], ["person", "people"], ["mouse", "mice"],
        ["foot", "feet"], ["tooth", "teeth"], ["goose", "geese"], ["analysis", "analyses"], ["crisis", "crises"],
        ["thesis", "theses"], ["hypothesis", "hypotheses"], ["criterion", "criteria"], ["phenomenon", "phenomena"],
        ["matrix", "matrices"], ["vertex", "vertices"], ["index", "indices"], ["appendix", "appendices"],
        ["axis", "axes"], ["basis", "bases"], ["life", "lives"], ["leaf", "leaves"], ["half", "halves"],
        ["fall", "fell", "fallen"], ["rise", "rose", "risen"], ["grow", "grew", "grown"], ["buy", "bought"],
        ["build", "built"], ["lead", "led"], ["win", "won"], ["lose", "lost"], ["make", "made"],
        ["sell", "sold"], ["teach", "taught"], ["begin", "began", "begun"], ["drive", "drove", "driven"],
        ["write", "wrote", "written"], ["speak", "spoke", "spoken"], ["give", "gave", "given"],
        ["go", "went", "gone"], ["see", "saw", "seen"], ["find", "found"], ["fight", "fought"],
        ["bring", "brought"], ["catch", "caught"], ["pay", "paid"], ["spend", "spent"], ["hold", "held"],
        ["keep", "kept"], ["break", "broke", "broken"], ["choose", "chose", "chosen"], ["fly", "flew", "flown"],
        ["know", "knew", "known"], ["shrink", "shrank", "shrunk"], ["sink", "sank", "sunk"], ["steal", "stole", "stolen"],
        ["feed", "fed"], ["bet", "bet"], ["hire", "hired"], ["die", "died", "dying"],
    ]

    /// Places and their adjectives, which the stemmer keeps apart ("Japanese" → `japanes`,
    /// "Japan" → `japan`): "the Japanese chip industry" also finds "Japan's chip makers".
    public static let placeAdjectives: [[String]] = [
        ["japan", "japanese"], ["china", "chinese"], ["taiwan", "taiwanese"], ["korea", "korean"],
        ["america", "american"], ["britain", "british"], ["england", "english"], ["france", "french"],
        ["germany", "german"], ["russia", "russian"], ["india", "indian"], ["europe", "european"],
        ["italy", "italian"], ["spain", "spanish"], ["netherlands", "dutch"], ["sweden", "swedish"],
        ["israel", "israeli"], ["canada", "canadian"], ["mexico", "mexican"], ["brazil", "brazilian"],
        ["ukraine", "ukrainian"], ["iran", "iranian"], ["switzerland", "swiss"], ["australia", "australian"],
        ["africa", "african"], ["asia", "asian"], ["arabia", "arab", "arabian"], ["rome", "roman"],
        ["greece", "greek"], ["egypt", "egyptian"], ["persia", "persian"], ["vietnam", "vietnamese"],
        ["singapore", "singaporean"], ["malaysia", "malaysian"], ["indonesia", "indonesian"],
    ]

    static let irregularIndex: [String: [String]] = {
        var index: [String: [String]] = [:]
        for row in irregularForms + placeAdjectives { for w in row { index[w] = row.filter { $0 != w } } }
        return index
    }()

    // MARK: - Rule 4: abbreviations

    /// Abbreviations and what they stand for, matched both ways ("EUV" finds "extreme
    /// ultraviolet", "product market fit" finds "PMF"). General technology, business and
    /// science vocabulary; ambiguous short forms (IT, US, PR) are left out.
    public static let abbreviations: [(short: String, long: String)] = [
        ("ai", "artificial intelligence"), ("agi", "artificial general intelligence"),
        ("asi", "artificial superintelligence"), ("ml", "machine learning"), ("rl", "reinforcement learning"),
        ("rlhf", "reinforcement learning from human feedback"), ("llm", "large language model"),
        ("nlp", "natural language processing"), ("nn", "neural network"), ("cnn", "convolutional neural network"),
        ("rnn", "recurrent neural network"), ("gpu", "graphics processing unit"), ("cpu", "central processing unit"),
        ("tpu", "tensor processing unit"), ("asic", "application specific integrated circuit"),
        ("fpga", "field programmable gate array"), ("hbm", "high bandwidth memory"),
        ("dram", "dynamic random access memory"), ("ram", "random access memory"), ("ssd", "solid state drive"),
        ("euv", "extreme ultraviolet"), ("duv", "deep ultraviolet"), ("ic", "integrated circuit"),
        ("r&d", "research and development"), ("gdp", "gross domestic product"), ("ceo", "chief executive officer"),
        ("cto", "chief technology officer"), ("cfo", "chief financial officer"), ("coo", "chief operating officer"),
        ("vc", "venture capital"), ("ipo", "initial public offering"), ("roi", "return on investment"),
        ("saas", "software as a service"), ("api", "application programming interface"), ("ui", "user interface"),
        ("ux", "user experience"), ("pmf", "product market fit"), ("mvp", "minimum viable product"),
        ("okr", "objectives and key results"), ("kpi", "key performance indicator"), ("b2b", "business to business"),
        ("b2c", "business to consumer"), ("gtm", "go to market"), ("arr", "annual recurring revenue"),
        ("cac", "customer acquisition cost"), ("ltv", "lifetime value"), ("nps", "net promoter score"),
        ("pm", "product manager"), ("ev", "electric vehicle"), ("fft", "fast fourier transform"),
        ("dft", "discrete fourier transform"), ("pde", "partial differential equation"),
        ("ode", "ordinary differential equation"), ("uk", "united kingdom"), ("eu", "european union"),
        ("un", "united nations"), ("ussr", "soviet union"), ("ccp", "chinese communist party"),
        ("prc", "people's republic of china"), ("nato", "north atlantic treaty organization"),
        ("wwii", "world war ii"), ("ww2", "world war ii"), ("wwi", "world war i"), ("ww1", "world war i"),
        ("tsmc", "taiwan semiconductor manufacturing company"), ("smic", "semiconductor manufacturing international corporation"),
        ("nasa", "national aeronautics and space administration"), ("fda", "food and drug administration"),
        ("dna", "deoxyribonucleic acid"), ("co2", "carbon dioxide"), ("flops", "floating point operations"),
    ]

    /// Short forms that must be typed in capitals to count ("PM", not "pm"; "UN", not "un").
    static let capitalOnly: Set<String> = ["pm", "un", "ic", "ram", "ode", "ev", "nn", "coo", "arr"]

    static let abbreviationIndex: [String: [String]] = {
        var index: [String: [String]] = [:]
        for (s, l) in abbreviations { index[s, default: []].append(l) }
        return index
    }()

    /// Expansions of `typed` when it is a known abbreviation (a plural "GPUs" too).
    static func expansions(of typed: String) -> [String] {
        let word = core(typed)
        var out = abbreviationIndex[word] ?? []
        if out.isEmpty, word.hasSuffix("s"), let plural = abbreviationIndex[String(word.dropLast())] {
            out = plural.map { $0 + "s" }
        }
        let base = word.hasSuffix("s") && abbreviationIndex[word] == nil ? String(word.dropLast()) : word
        if capitalOnly.contains(base), !typed.filter(\.isLetter).allSatisfy(\.isUppercase) { return [] }
        return out
    }

    // MARK: - Rule 5: compounds

    /// The shortest part a compound is split into or joined from.
    static let compoundPart = 4

    /// A compound's split forms the index holds both parts of: "datacenters" → "data centers";
    /// "data-center" → "datacenter". Only letters; parts of four letters or more.
    static func compoundForms(of word: String, knows: ((String) -> Bool)?) -> [String] {
        guard let knows else { return [] }
        var out: [String] = []
        if word.contains("-") {
            let joined = word.replacing("-", with: "")
            if joined.allSatisfy(\.isLetter), knows(joined) { out.append(joined) }
            return out
        }
        let letters = Array(word)
        guard letters.count >= 2 * compoundPart, letters.allSatisfy(\.isLetter) else { return [] }
        for i in compoundPart...(letters.count - compoundPart) {
            let a = String(letters[..<i]), b = String(letters[i...])
            if knows(a), knows(b) { out.append(a + " " + b) }
            if out.count == 2 { break }
        }
        return out
    }

    // MARK: - Applying the rules

    /// A term and its other forms; an exact term (quoted, prefix) is only itself.
    static func variants(of term: FTSQuery.Term, knows: ((String) -> Bool)?) -> [FTSQuery.Term] {
        guard !term.quoted, !term.prefix else { return [term] }
        let word = core(term.text)
        guard !word.isEmpty else { return [term] }
        var words = [word] + spellings(of: word)
        words += (irregularIndex[word] ?? [])
        var out = [term]
        for long in expansions(of: term.text) { out.append(FTSQuery.Term(text: long)) }
        for w in words { out += compoundForms(of: w, knows: knows).map { FTSQuery.Term(text: $0) } }
        out += words.dropFirst().map { FTSQuery.Term(text: $0) }
        return out
    }

    /// Forms of several consecutive words: an abbreviation's long form typed out ("product
    /// market fit" → "PMF"), and two words written as one ("data center" → "datacenter",
    /// when the index has it). `words[g]` is the group's term when it is a single plain word.
    static func spans(_ words: [FTSQuery.Term?], knows: ((String) -> Bool)?) -> [(Range<Int>, FTSQuery.Term)] {
        var out: [(Range<Int>, FTSQuery.Term)] = []
        let plain = words.map { t -> String? in
            guard let t, !t.quoted, !t.prefix else { return nil }
            let c = core(t.text)
            return c.isEmpty ? nil : c
        }
        // Abbreviations: the long form, word for word (a plural last word too).
        for (short, long) in abbreviations {
            let parts = long.split(separator: " ").map(String.init)
            guard parts.count <= plain.count else { continue }
            for start in 0...(plain.count - parts.count) {
                let ok = parts.indices.allSatisfy { k in
                    guard let w = plain[start + k] else { return false }
                    return w == parts[k] || (k == parts.count - 1 && w == parts[k] + "s")
                }
                if ok { out.append((start..<(start + parts.count), FTSQuery.Term(text: short))) }
            }
        }
        // Two words as one: "data center(s)" → "datacenter(s)"; with the other spellings.
        if let knows {
            for g in 0..<max(plain.count - 1, 0) {
                guard let a = plain[g], let b = plain[g + 1], a.count >= compoundPart, b.count >= compoundPart,
                      (a + b).allSatisfy(\.isLetter) else { continue }
                for joined in [a + b] + spellings(of: a + b) where knows(joined) {
                    out.append((g..<(g + 2), FTSQuery.Term(text: joined)))
                }
            }
        }
        return out
    }

    static func unique(_ terms: [FTSQuery.Term]) -> [FTSQuery.Term] {
        var seen = Set<String>()
        return terms.filter { seen.insert(($0.prefix ? "*" : "") + $0.text.lowercased()).inserted }
    }
}
