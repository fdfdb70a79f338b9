import KBModel
import KBMarkdown
import Foundation

/// One sentence (claim) as the speaker extractor sees it.
public struct SpeakerSentence: Sendable, Hashable {
    public var line: Int
    public var text: String
    public var lead: String?
    public init(line: Int, text: String, lead: String?) {
        self.line = line
        self.text = text
        self.lead = lead
    }
}

/// One note of a video.
public struct SpeakerInput: Sendable, Hashable {
    public var title: String?
    public var sentences: [SpeakerSentence]
    public init(title: String?, sentences: [SpeakerSentence]) {
        self.title = title
        self.sentences = sentences
    }
}

/// What one note yields.
public struct NoteSpeakers: Sendable, Hashable {
    /// Canonical full names of the video's speakers evidenced by this note or the video title.
    public var speakers: [String]
    /// People named but not speaking (at most 10).
    public var mentions: [String]
    /// Parallel to the note's sentences: the speaker (canonical name) a sentence is attributed to, or nil.
    public var attributions: [String?]
    public init(speakers: [String], mentions: [String], attributions: [String?]) {
        self.speakers = speakers
        self.mentions = mentions
        self.attributions = attributions
    }
}

/// What all notes of one video yield.
public struct SpeakerAnalysis: Sendable, Hashable {
    /// The video's speakers: union over its notes and its title, canonical full names.
    public var speakers: [String]
    /// Parallel to the input notes.
    public var notes: [NoteSpeakers]
    public init(speakers: [String], notes: [NoteSpeakers]) {
        self.speakers = speakers
        self.notes = notes
    }
}

/// Finds who speaks in a video from its notes and its title, and which sentences report what a
/// speaker said or thinks. Rule-based; see docs/speakers.md.
public struct SpeakerExtractor: Sendable {
    /// Most mentioned names a note reports.
    public static let maxMentions = 10

    public init() {}

    /// All notes of one video together, so that "Okafor" in one note resolves to "Maya Okafor" named in another or in the title.
    public func analyze(videoTitle: String?, notes: [SpeakerInput]) -> SpeakerAnalysis {
        var video = VideoPeople(title: videoTitle, notes: notes)
        video.run()
        return video.result()
    }

    /// The people found in a video with their evidence, one line each: for debugging the rules.
    public func explain(videoTitle: String?, notes: [SpeakerInput]) -> [String] {
        var video = VideoPeople(title: videoTitle, notes: notes)
        video.run()
        return video.people.enumerated().map { i, p in
            "\(video.speakerSet.contains(i) ? "S" : "-") \(p.canonical) title=\(p.fromTitle) subject=\(p.titleSubject) host=\(p.titleHost) strongCue=\(p.strongCue) weakCue=\(p.weakCue) subj=\(p.subjectSentences)/\(p.shortSubjectSentences) occ=\(p.occurrences)"
        }
    }
}

/// A person found in a video: one entry per person, whatever the spelling.
struct Person {
    var words: [String] { didSet { updateKeys() } }
    var fromTitle = false
    var titleSubject = false
    /// Named in the title's show name: the host.
    var titleHost = false
    var strongCue = 0
    var weakCue = 0
    /// Cues that name this person beside a title guest ("a debate between A and B, moderated by C").
    var coListed = 0
    var cueEvidence: Int { strongCue + weakCue }
    var subjectSentences = 0
    var shortSubjectSentences = 0
    /// Subject sentences in the present tense: notes report a speaker's views so, history in the past.
    var presentSubjectSentences = 0
    /// Named only by an honorific and one word ("Professor Strang").
    var honorificOnly = false
    var occurrences = 0
    /// References by one word ("Musk" after "Elon Musk").
    var singleReferences = 0
    var notes = Set<Int>()
    /// Other spellings the notes give this person's surname and first name ("brosch" for Brausch), for single words.
    var surnameAliases = Set<String>()
    var firstAliases = Set<String>()
    private(set) var firstKey = ""
    /// The last word that is not an initial; nil for a single word or "Bo Y.".
    private(set) var surnameKey: String?
    /// The words after the first, run together ("vanderberg" for "Ed Vander Berg").
    private(set) var restKey = ""
    /// All words run together.
    private(set) var joinedKey = ""

    init(words: [String], fromTitle: Bool) {
        self.words = words
        self.fromTitle = fromTitle
        updateKeys()
    }

    var canonical: String { words.joined(separator: " ") }

    private mutating func updateKeys() {
        firstKey = SpeakerText.key(words.first ?? "")
        restKey = words.dropFirst().map { SpeakerText.key($0) }.joined()
        joinedKey = firstKey + restKey
        if words.count >= 2, let last = words.lastIndex(where: { !SpeakerToken.isInitials($0) }), last > 0 {
            surnameKey = SpeakerText.key(words[last])
        } else {
            surnameKey = nil
        }
    }
}

package struct VideoPeople {
    let title: String?
    let notes: [SpeakerInput]
    var tokens: [[[SpeakerToken]]] = []
    var stats = CapitalizationStats()
    var people: [Person] = []
    var fullIndex: [String: Int] = [:]
    /// Name spans per sentence.
    var spans: [[[NameSpan]]] = []
    var cueSpans: [[[(span: NameSpan, strong: Bool)]]] = []
    var subjects: [[(span: NameSpan, present: Bool)?]] = []
    var speakerSet = Set<Int>()
    var talkContext = false
    var titleHasGuests = false
    var bySurname: [String: [Int]] = [:]
    var byFirst: [String: [Int]] = [:]
    var titleIndices: [Int] = []
    /// How often the notes write each full name (by key): of two spellings, the commoner is the name.
    var spellingCounts: [String: Int] = [:]

    init(title: String?, notes: [SpeakerInput]) {
        self.title = title
        self.notes = notes
    }

    /// Finds the people and who among them speaks, in `speakerSet`.
    mutating func run() {
        readSentences()
        // The title's guests first: their spelling wins.
        if let title { registerTitlePeople(title) }
        registerNamedPeople()
        countCues()
        countMentions()
        countSubjects()
        chooseSpeakers()
    }

    /// Tokens and capitalisation of every sentence, then its names, the names after
    /// conversation cues, and the name that is its subject.
    mutating func readSentences() {
        tokens = notes.map { $0.sentences.map { SpeakerText.tokenize(Self.body($0)) } }
        for note in tokens { for s in note { stats.add(s) } }
        talkContext = tokens.contains { $0.contains { $0.contains {
            $0.isWord && SpeakerLexicon.talkWordFilter.mayContain($0.lower) && SpeakerLexicon.talkWords.contains($0.lower)
        } } }
        spans = tokens.map { $0.map { findSpans($0) } }
        cueSpans = tokens.map { $0.map { cueNames($0) } }
        subjects = tokens.map { $0.map { subject($0) } }
    }

    /// The title's guests, and the people it names as its subject or as the show's host.
    mutating func registerTitlePeople(_ title: String) {
        let tp = TitleGuests.read(title, stats: stats)
        titleHasGuests = !tp.guests.isEmpty
        let guests = Set(tp.guests.map { register($0, fromTitle: true) })
        for s in tp.subjects {
            let i = register(s, fromTitle: true)
            if !guests.contains(i) {
                people[i].titleSubject = true
                people[i].fromTitle = false
            }
        }
        for h in tp.hosts {
            let i = register(h, fromTitle: true)
            if !guests.contains(i) {
                people[i].titleHost = true
                people[i].fromTitle = false
            }
        }
    }

    /// Everyone named in full in the notes, then those named only by an honorific and one word.
    mutating func registerNamedPeople() {
        for note in spans { for sentence in note { for span in sentence where span.isFull { spellingCounts[key(span.words), default: 0] += 1 } } }
        for (n, note) in spans.enumerated() {
            for sentence in note {
                for span in sentence where span.isFull {
                    let i = register(span.words, fromTitle: false)
                    people[i].notes.insert(n)
                }
            }
        }
        buildIndex()
        // "Professor Strang" with no first name anywhere: a person known by one word.
        for (n, note) in spans.enumerated() {
            for sentence in note {
                for span in sentence where !span.isFull && span.hadHonorific && resolve(span, note: n) == nil {
                    let i = register(span.words, fromTitle: false)
                    people[i].honorificOnly = people[i].words.count == 1
                    people[i].notes.insert(n)
                    buildIndex()
                }
            }
        }
    }

    /// Counts the conversation cues that name each person, and those that name them beside a title guest.
    mutating func countCues() {
        for (n, note) in cueSpans.enumerated() {
            for (k, sentence) in note.enumerated() {
                let named = sentence.compactMap { c in resolve(c.span, note: n).map { (person: $0, strong: c.strong) } }
                var withGuest = named.contains { people[$0.person].fromTitle }
                // "In a conversation with Lex Fridman, Jordan Peterson argues ...": the cue opens the
                // sentence and a title guest is the subject of the main clause.
                let t = tokens[n][k]
                if !withGuest, let first = t.first, ["in", "during", "throughout"].contains(first.lower),
                   let comma = t.firstIndex(where: { $0.text == "," }), sentence.allSatisfy({ $0.span.start < comma }),
                   let subj = subjects[n][k], subj.span.start > comma, let g = resolve(subj.span, note: n), people[g].fromTitle {
                    withGuest = true
                }
                for c in named {
                    if c.strong { people[c.person].strongCue += 1 } else { people[c.person].weakCue += 1 }
                    if withGuest { people[c.person].coListed += 1 }
                }
            }
        }
    }

    /// Counts each person's names in the notes, and the notes they are named in.
    mutating func countMentions() {
        for (n, note) in spans.enumerated() {
            for sentence in note {
                for span in sentence {
                    guard let i = resolve(span, note: n) else { continue }
                    people[i].occurrences += 1
                    people[i].notes.insert(n)
                    if !span.isFull { people[i].singleReferences += 1 }
                }
            }
        }
    }

    /// Counts the sentences that report what each person says or thinks.
    mutating func countSubjects() {
        for (n, note) in subjects.enumerated() {
            for s in note {
                guard let s, let i = resolve(s.span, note: n) else { continue }
                people[i].subjectSentences += 1
                if s.present { people[i].presentSubjectSentences += 1 }
                if !s.span.isFull { people[i].shortSubjectSentences += 1 }
            }
        }
    }

    /// Who speaks, from the evidence counted.
    mutating func chooseSpeakers() {
        for (i, p) in people.enumerated() {
            // A weak cue ("an interview with X", "as discussed by X") often cites someone from elsewhere.
            let byCue = titleHasGuests
                // The title names the guests: another person takes part when a cue lists them beside a
                // guest, or a strong cue names them and they are shown speaking.
                ? p.coListed > 0 || p.strongCue > 0 && p.subjectSentences > 0
                // No guest in the title: a strong cue, or a weak one and repeated speech.
                : p.strongCue > 0 || p.weakCue > 0 && p.subjectSentences >= 2 && p.presentSubjectSentences * 2 >= p.subjectSentences
            // A host named by the show title takes part when a note shows them speaking.
            if p.fromTitle || byCue || p.titleHost && (p.cueEvidence > 0 || p.subjectSentences > 0) {
                speakerSet.insert(i)
            } else if !p.titleSubject, talkContext, p.words.count >= 2 || p.honorificOnly, p.subjectSentences >= 3,
                      p.shortSubjectSentences >= 2 || p.honorificOnly || p.subjectSentences >= 4, p.presentSubjectSentences * 2 >= p.subjectSentences,
                      p.subjectSentences * 2 >= p.occurrences {
                // Named in full, then reported again and again (by surname, or in full at least four
                // times: panels name their members so) as saying or thinking, in notes that summarize
                // a conversation: the note's main voice.
                speakerSet.insert(i)
            }
        }
    }

    func result() -> SpeakerAnalysis {
        let order = speakerSet.sorted { a, b in
            let pa = people[a], pb = people[b]
            if pa.fromTitle != pb.fromTitle { return pa.fromTitle }
            return a < b
        }
        let speakers = order.map { people[$0].canonical }
        var out: [NoteSpeakers] = []
        for n in notes.indices {
            var attributions: [String?] = []
            for s in subjects[n] {
                if let s, let i = resolve(s.span, note: n), speakerSet.contains(i) { attributions.append(people[i].canonical) } else { attributions.append(nil) }
            }
            let here = order.filter { people[$0].fromTitle || people[$0].notes.contains(n) }.map { people[$0].canonical }
            var mentions: [String] = []
            var seen = Set<String>()
            for sentence in spans[n] {
                for span in sentence {
                    var name: String?
                    if let i = resolve(span, note: n) {
                        if !speakerSet.contains(i), people[i].words.count >= 2, looksLikePerson(people[i]) { name = people[i].canonical }
                    }
                    if let name, mentions.count < SpeakerExtractor.maxMentions, seen.insert(name).inserted { mentions.append(name) }
                }
            }
            out.append(NoteSpeakers(speakers: here, mentions: mentions, attributions: attributions))
        }
        return SpeakerAnalysis(speakers: speakers, notes: out)
    }

    /// A mention needs more than capitals: a known given name, a verb of saying, a title, or a
    /// later reference by one word ("Hundred Regiments" and "Sierra Leone" have none).
    func looksLikePerson(_ p: Person) -> Bool {
        FirstNames.all.contains(p.firstKey) || p.subjectSentences > 0 || p.titleSubject || p.singleReferences > 0
    }

    // MARK: - Reading

    /// The sentence without its bold lead-in ("Timeline: Okafor estimates ..." → "Okafor estimates ...").
    package static func body(_ s: SpeakerSentence) -> String {
        guard let lead = s.lead, !lead.isEmpty, s.text.hasPrefix(lead) else { return s.text }
        var rest = s.text.dropFirst(lead.count)
        guard let f = rest.first, f == ":" || f == "." || f == " " || f == "-" || f == "–" else { return s.text }
        rest = rest.drop(while: { $0 == ":" || $0 == "." || $0 == " " || $0 == "-" || $0 == "–" })
        return String(rest)
    }

    func key(_ words: [String]) -> String { words.map { SpeakerText.key($0) }.joined(separator: " ") }

    /// Every name in a sentence, left to right.
    func findSpans(_ t: [SpeakerToken]) -> [NameSpan] {
        var out: [NameSpan] = []
        var i = 0
        while i < t.count {
            let midSentence = i > 0 && !t[i - 1].isSentenceOpener
            if t[i].isWord, t[i].isCapitalized, let span = NameReader.name(at: i, in: t, stats: stats, commonFirst: midSentence) {
                // A name run that goes on into more capitalised words is an organisation or a title.
                if span.end < t.count, t[span.end].isWord, t[span.end].isCapitalized, !span.possessive {
                    i = span.end + 1; continue
                }
                if i > 0, t[i - 1].lower == "the", !span.hadHonorific { i = span.end; continue }
                out.append(span)
                i = span.end
            } else { i += 1 }
        }
        return out
    }

    private static let roleSkips: Set<String> = ["the", "a", "an", "his", "her", "their", "fellow", "guest", "host", "co-host"]
    private static let roleStops: Set<String> = ["with", "and", "or", "including", "like", "such", "as", "many", "other", "several", "various", "some", "of", "on", "about", "in", "to", "from", "for", "that", "who", "which", "where", "when", "is", "was", "are", "were"]

    /// The names that follow conversation cues ("a debate between A and B, moderated by C").
    func cueNames(_ t: [SpeakerToken]) -> [(span: NameSpan, strong: Bool)] {
        var out: [(span: NameSpan, strong: Bool)] = pluralSubject(t) + roleApposition(t)
        var i = 0
        while i < t.count {
            guard t[i].isWord, t[i].isLowercaseWord || i == 0, SpeakerLexicon.cueFirstWords.mayContain(t[i].lower) else { i += 1; continue }
            var matched: [String]?
            for cue in SpeakerLexicon.cuesByFirstWord[t[i].lower] ?? [] where i + cue.count <= t.count {
                if zip(cue, t[i..<(i + cue.count)]).allSatisfy({ $0 == $1.lower }) { matched = cue; break }
            }
            guard let cue = matched else { i += 1; continue }
            var j = i + cue.count
            var count = 0
            // "guest Leopold Aschenbrenner", "the host, Jane Doe": a role word takes the name right after it.
            let roleWord = cue.count == 1 && SpeakerLexicon.strongCues.contains(cue[0])
            if roleWord {
                if j < t.count, t[j].text == "," { j += 1 }
                guard j < t.count, t[j].isCapitalized else { i += 1; continue }
            }
            while j < t.count, count < 4 {
                // Roles and articles before the name: "featuring finance journalist Osric Pell".
                var skipped = 0
                while j < t.count, skipped < 3, (t[j].text == "," && count == 0 && skipped == 0) || (t[j].isLowercaseWord && !Self.roleStops.contains(t[j].lower) && !SpeakerLexicon.sayingForms.contains(t[j].lower)) {
                    if t[j].text != ",", !Self.roleSkips.contains(t[j].lower) { skipped += 1 }
                    j += 1
                }
                // "a discussion between the host and Jane Roe": an unnamed participant, then a name.
                if skipped > 0 || (j > 0 && Self.roleSkips.contains(t[j - 1].lower)), j < t.count, t[j].lower == "and" || t[j].text == "&" {
                    j += 1; count += 1; continue
                }
                guard j < t.count, let span = NameReader.name(at: j, in: t, stats: stats), !isGroupNoun(span) else { break }
                out.append((span, SpeakerLexicon.strongCues.contains(cue.joined(separator: " ")) || selfReference(t)))
                count += 1
                j = span.end
                // "Osric Pell of Saltworks", "Mirela Dunstan from Tidewater University", "(Anthropic CEO)"
                if j < t.count, t[j].lower == "of" || t[j].lower == "from" {
                    var k = j + 1
                    if k < t.count, t[k].lower == "the" { k += 1 }
                    while k < t.count, t[k].isWord, t[k].isCapitalized { k += 1 }
                    if k > j + 1 { j = k }
                }
                if j < t.count, t[j].text == "(", let close = t[j...].firstIndex(where: { $0.text == ")" }) { j = close + 1 }
                var sep = false, conjunction = false
                while j < t.count, [",", "and", "&"].contains(t[j].lower) { conjunction = conjunction || t[j].text != ","; j += 1; sep = true }
                // "Osric Pell, the author of ..." is an apposition, not a second name.
                if !sep || !conjunction && !(j < t.count && t[j].isCapitalized) { break }
            }
            i = max(i + 1, j)
        }
        return out
    }

    /// "David Senra, the host of the podcast, ...": a name with a participant's role as apposition.
    func roleApposition(_ t: [SpeakerToken]) -> [(span: NameSpan, strong: Bool)] {
        var out: [(span: NameSpan, strong: Bool)] = []
        var i = 0
        while i < t.count {
            guard t[i].isWord, t[i].isCapitalized, let span = NameReader.name(at: i, in: t, stats: stats, commonFirst: i > 0), span.isFull, !span.possessive else { i += 1; continue }
            var j = span.end
            if j < t.count, t[j].text == "," {
                j += 1
                while j < t.count, ["the", "a", "an", "our", "his", "her", "their"].contains(t[j].lower) { j += 1 }
                if j < t.count, ["host", "co-host", "guest", "interviewer", "moderator", "narrator", "presenter", "lecturer"].contains(t[j].lower) {
                    out.append((span, true))
                }
            }
            i = span.end
        }
        return out
    }

    /// "Ada Lind and Bo Marr discuss ...": two or more names as the subject of a verb of conversing.
    func pluralSubject(_ t: [SpeakerToken]) -> [(span: NameSpan, strong: Bool)] {
        var starts = [0]
        if let comma = t.prefix(12).firstIndex(where: { $0.text == "," }) { starts.append(comma + 1) }
        for s0 in starts {
            var names: [NameSpan] = []
            var j = s0
            while j < t.count, let span = NameReader.name(at: j, in: t, stats: stats, commonFirst: true), !span.possessive {
                names.append(span)
                j = span.end
                var sep = false
                while j < t.count, [",", "and", "&"].contains(t[j].lower) { j += 1; sep = true }
                if !sep { break }
            }
            if names.count >= 2, j < t.count, t[j].isLowercaseWord, SpeakerLexicon.conversingVerbs.contains(t[j].lower) {
                return names.map { ($0, true) }
            }
        }
        return []
    }

    /// "This article summarizes an interview with ...": the sentence speaks of the video itself.
    func selfReference(_ t: [SpeakerToken]) -> Bool {
        for k in 0..<max(0, t.count - 1) where t[k].lower == "this" || t[k].lower == "the" {
            if SpeakerLexicon.selfNouns.contains(t[k + 1].lower), t[k].lower == "this" || ["podcast", "episode", "video"].contains(t[k + 1].lower) { return true }
        }
        return false
    }

    /// "Neanderthals", "Denisovans": a plural whose singular the notes also write, or a repeated word.
    func isGroupNoun(_ span: NameSpan) -> Bool {
        if Set(span.words.map { $0.lowercased() }).count < span.words.count { return true }
        guard let last = span.words.last?.lowercased(), last.hasSuffix("s"), last.count > 3 else { return false }
        return stats.seen(String(last.dropLast()))
    }

    // MARK: - Who is who

    mutating func buildIndex() {
        bySurname = [:]; byFirst = [:]; titleIndices = []
        for (i, p) in people.enumerated() {
            if let s = p.surnameKey { bySurname[s, default: []].append(i) }
            byFirst[p.firstKey, default: []].append(i)
            for s in p.surnameAliases where s != p.surnameKey { bySurname[s, default: []].append(i) }
            for f in p.firstAliases where f != p.firstKey { byFirst[f, default: []].append(i) }
            if p.fromTitle { titleIndices.append(i) }
        }
    }

    /// Adds a full name or merges it into the person it names; returns the person's index.
    mutating func register(_ words: [String], fromTitle: Bool) -> Int {
        let k = key(words)
        if let i = fullIndex[k] { return i }
        let candidate = Person(words: words, fromTitle: fromTitle)
        let sameSurnameTitle = people.indices.filter { people[$0].fromTitle && people[$0].surnameKey != nil && people[$0].surnameKey == candidate.surnameKey }
        let sameFirstTitle = people.indices.filter { people[$0].fromTitle && people[$0].words.count >= 2 && people[$0].firstKey == candidate.firstKey }
        for i in people.indices where same(people[i], candidate, titleSharesSurname: sameSurnameTitle.count, titleSharesFirst: sameFirstTitle.count) {
            if let s = candidate.surnameKey, s != people[i].surnameKey { people[i].surnameAliases.insert(s) }
            if words.count >= 2, people[i].words.count >= 2, candidate.firstKey != people[i].firstKey { people[i].firstAliases.insert(candidate.firstKey) }
            // The title's spelling wins; otherwise the fuller form, so "Zephyr" becomes "Zephyr Holm",
            // then the spelling the notes use most.
            if people[i].fromTitle && !fromTitle {
                if people[i].words.count == 1, words.count > 1 { people[i].words = words }
            } else if !people[i].fromTitle, words.count > people[i].words.count
                        || words.count == people[i].words.count && spellingCounts[k, default: 0] > spellingCounts[key(people[i].words), default: 0] {
                let old = people[i]
                people[i].words = words
                if let s = old.surnameKey, s != people[i].surnameKey { people[i].surnameAliases.insert(s) }
                if old.words.count >= 2, old.firstKey != people[i].firstKey { people[i].firstAliases.insert(old.firstKey) }
            }
            fullIndex[k] = i
            return i
        }
        people.append(candidate)
        fullIndex[k] = people.count - 1
        return people.count - 1
    }

    /// Whether two names are one person. Spelling variants only merge into a title's name.
    func same(_ a: Person, _ b: Person, titleSharesSurname: Int, titleSharesFirst: Int = 0) -> Bool {
        let fa = a.firstKey, fb = b.firstKey
        guard let ia = fa.first, let ib = fb.first else { return false }
        let sa = a.surnameKey, sb = b.surnameKey
        if let sa, let sb, sa == sb {
            if ia == ib { return true }
            // "Dolores Vang" in a note, "Lars Vang" in the title: one person, when the title
            // names only one person of that surname.
            if a.fromTitle != b.fromTitle, titleSharesSurname == 1 { return true }
            return false
        }
        if a.words.count == 1 || b.words.count == 1 {
            // A moniker in the title ("Gwern") and the full name in the text.
            return (a.fromTitle || b.fromTitle) && fa == fb
        }
        if sa == nil, sb == nil { return fa == fb && key(a.words) == key(b.words) }
        guard let sa, let sb else { return false }
        // "Jane Hamerschlag" and "Jane Hammerschlag": one given name, surnames that sound alike.
        if fa == fb, NameVariants.soundAlike(sa, sb) { return true }
        guard a.fromTitle != b.fromTitle else { return false }
        // "Torvalt Brosch" for "Torvald Brausch" in the title: the same initial and a surname that sounds alike.
        if ia == ib, NameVariants.soundAlike(sa, sb) { return true }
        // A rare given name shared with the one title guest of that name: the surname is a garble.
        if fa == fb, titleSharesFirst == 1, fa.count >= 4, !FirstNames.all.contains(fa) { return true }
        if fa == fb, SpeakerText.editDistance(sa, sb) <= 2 || SpeakerText.commonPrefix(sa, sb) >= 4 { return true }
        if ia == ib, min(sa.count, sb.count) >= 4, SpeakerText.editDistance(sa, sb) <= max(1, min(sa.count, sb.count) / 4) { return true }
        // "Ed Vander Berg" for "Edward Vanderberg": the words after the first, run together.
        if ia == ib, a.restKey == b.restKey { return true }
        // "Vander Berg" for "Vanderberg".
        if a.joinedKey == sb || b.joinedKey == sa { return true }
        if SpeakerText.commonPrefix(fa, fb) >= 3, SpeakerText.commonPrefix(sa, sb) >= 3 { return true }
        return false
    }

    /// The person a name in note `note` refers to: a full name by its spelling, a single word as
    /// a surname, then as a first name or moniker, then as a misspelt surname of a title guest.
    package func resolve(_ span: NameSpan, note: Int) -> Int? {
        if span.isFull {
            if let i = fullIndex[key(span.words)] { return i }
            // "Will Abernathy" at the start of a sentence, read with its common first word: the surname decides.
            guard let last = span.words.last, span.words.count == 2 else { return nil }
            return resolve(NameSpan(start: span.start, end: span.end, words: [last], hadHonorific: span.hadHonorific, possessive: false), note: note)
        }
        let w = SpeakerText.key(span.words[0])
        guard !w.isEmpty else { return nil }
        func best(_ c: [Int]) -> Int? {
            if c.count <= 1 { return c.first }
            return c.max { x, y in rank(x, note) < rank(y, note) }
        }
        if let i = best(bySurname[w] ?? []) { return i }
        if let i = best(byFirst[w] ?? []) {
            // A first name alone names a person only when that person takes part or is the only one of the name.
            return i
        }
        // A misspelt surname or first name of a title guest: "Halvorsen" for Halvorson, "Fitzwaring" for
        // Fitz-Waring, "Torvalt" for Torvald (NameVariants).
        let close = titleIndices.filter { p in
            guard people[p].fromTitle, let s = people[p].surnameKey else { return false }
            return NameVariants.misspells(w, s) || NameVariants.misspells(w, people[p].firstKey)
        }
        return close.count == 1 ? close[0] : nil
    }

    private func rank(_ i: Int, _ note: Int) -> (Int, Int, Int, Int) {
        let p = people[i]
        return (p.fromTitle || p.cueEvidence > 0 ? 1 : 0, p.notes.contains(note) ? 1 : 0, p.occurrences, -i)
    }
}
