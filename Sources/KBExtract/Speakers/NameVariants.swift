import KBModel
/// Spellings of one name word that notes written from subtitles produce: the ear, not the eye,
/// made them ("Brausch" / "Brosch", "Torvald" / "Torvalt", "Kathrin" / "Cathrin").
/// Two words sound alike when their first letters are the same or stand for one sound, their Soundex digits (every
/// consonant, not only the first three) are the same, and their consonants differ by at most one.
enum NameVariants {
    /// Soundex classes: letters of one class sound alike; vowels, `h`, `w` and `y` have none.
    private static func soundClass(_ c: Character) -> Character? {
        switch c {
        case "b", "f", "p", "v": return "1"
        case "c", "g", "j", "k", "q", "s", "x", "z": return "2"
        case "d", "t": return "3"
        case "l": return "4"
        case "m", "n": return "5"
        case "r": return "6"
        default: return nil
        }
    }

    /// The Soundex digits after the first letter, untruncated: a class repeated across `h` or `w`
    /// counts once, and the first letter's class is not repeated ("brausch" → "62", "torvald" → "6143").
    static func digits(_ key: String) -> String {
        var out = ""
        var last = key.first.flatMap(soundClass)
        for c in key.dropFirst() {
            let d = soundClass(c)
            if let d, d != last { out.append(d) }
            if c != "h" && c != "w" { last = d }
        }
        return out
    }

    /// The consonants after the first letter, without `h`, `w` and `y` ("brausch" → "brsc").
    static func consonants(_ key: String) -> String {
        guard let f = key.first else { return "" }
        return String(f) + key.dropFirst().filter { soundClass($0) != nil }
    }

    /// First letters that may stand for one sound ("Kathrin" / "Cathrin", "Sofie" / "Zofie").
    private static let sameSound: [Set<Character>] = [["c", "k", "q"], ["c", "s", "z"], ["i", "y"], ["f", "v"]]

    /// Whether two lowercase name keys are spellings of one spoken word.
    static func soundAlike(_ a: String, _ b: String) -> Bool {
        guard a != b, let fa = a.first, let fb = b.first, a.count >= 3, b.count >= 3 else { return a == b }
        guard fa == fb || sameSound.contains(where: { $0.contains(fa) && $0.contains(fb) }) else { return false }
        guard digits(a) == digits(b) else { return false }
        return SpeakerText.editDistance(consonants(a), consonants(b)) <= 1
    }

    /// Whether `word`, a name written alone, misspells `name` (a first name or surname key): it
    /// sounds alike, or it is one letter off (two for long names), or shares its first four letters.
    static func misspells(_ word: String, _ name: String) -> Bool {
        if soundAlike(word, name) { return true }
        guard word.count >= 5 else { return false }
        return SpeakerText.editDistance(name, word) <= (min(name.count, word.count) >= 8 ? 2 : 1) || SpeakerText.commonPrefix(name, word) >= 4
    }
}
