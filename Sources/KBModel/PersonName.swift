/// Two written forms of one person's name (docs/speakers.md, "One person, two spellings"):
/// the same surname and the same given name once middle names and initials are left out
/// ("Sarah C. M. Paine" / "Sarah Paine"), or a given name and its common short form
/// ("Joe" / "Joseph"), from a small table of English short forms. Mononyms never match.
public enum PersonName {
    /// Whether `a` and `b` are two forms of one name (not the same form).
    public static func areForms(_ a: String, _ b: String) -> Bool {
        let x = words(a), y = words(b)
        guard x.count >= 2, y.count >= 2, x != y, x.last == y.last else { return false }
        return x[0] == y[0] || shortForms[x[0]] == y[0] || shortForms[y[0]] == x[0]
    }

    /// The fuller of two forms, which the merged speaker keeps: more words, then the longer
    /// given name, then the first in alphabetical order.
    public static func fuller(_ a: String, _ b: String) -> String {
        let x = words(a), y = words(b)
        if x.count != y.count { return x.count > y.count ? a : b }
        if x[0].count != y[0].count { return x[0].count > y[0].count ? a : b }
        return a < b ? a : b
    }

    /// A person known by name, with what ties them to others: videos they speak in,
    /// channels their videos share.
    public struct Known: Sendable, Hashable {
        public var id: Int64
        public var name: String
        public var ties: Set<String>

        public init(id: Int64, name: String, ties: Set<String>) {
            self.id = id
            self.name = name
            self.ties = ties
        }
    }

    /// Which of `people` (in id order) to merge into which: two forms of one name that
    /// share a tie, the fuller kept. Each person is compared with those after them, in
    /// order, and one merged away is compared no further.
    ///
    /// Only people of one surname are compared (forms share their last word): all pairs
    /// of a corpus's speakers was O(n²) and took 2 s of re-indexing one edited note at
    /// 20,000 notes. `formMergesCompareOnlyPeopleOfOneSurname` checks the plan against
    /// every pair compared.
    public static func formMerges(_ people: [Known]) -> [(keep: Known, drop: Known)] {
        var bySurname: [String: [Int]] = [:]
        var surnames: [String] = []
        for (i, person) in people.enumerated() {
            let w = words(person.name)
            guard w.count >= 2, let surname = w.last else { continue }
            if bySurname[surname] == nil { surnames.append(surname) }
            bySurname[surname, default: []].append(i)
        }
        var merges: [(keep: Known, drop: Known)] = []
        var gone = Set<Int64>()
        for surname in surnames {
            let group = bySurname[surname]!.map { people[$0] }
            for (i, a) in group.enumerated() where !gone.contains(a.id) {
                for b in group[(i + 1)...] where !gone.contains(b.id) && !gone.contains(a.id) {
                    guard areForms(a.name, b.name), !a.ties.isDisjoint(with: b.ties) else { continue }
                    let merge = fuller(a.name, b.name) == a.name ? (keep: a, drop: b) : (keep: b, drop: a)
                    merges.append(merge)
                    gone.insert(merge.drop.id)
                }
            }
        }
        return merges
    }

    /// Lower-cased words, periods dropped.
    static func words(_ name: String) -> [String] {
        name.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.filter { $0 != "." } }.filter { !$0.isEmpty }
    }

    /// Common English short forms of given names, short → full.
    static let shortForms: [String: String] = [
        "joe": "joseph", "bob": "robert", "rob": "robert", "bill": "william", "will": "william",
        "mike": "michael", "jim": "james", "tom": "thomas", "dave": "david", "dan": "daniel",
        "sam": "samuel", "ben": "benjamin", "alex": "alexander", "nick": "nicholas",
        "chris": "christopher", "matt": "matthew", "tony": "anthony", "steve": "steven",
        "andy": "andrew", "liz": "elizabeth", "kate": "katherine", "jen": "jennifer",
        "pat": "patrick", "ed": "edward", "greg": "gregory", "jon": "jonathan", "josh": "joshua",
        "nate": "nathan", "rick": "richard", "dick": "richard", "ron": "ronald", "tim": "timothy",
        "zach": "zachary", "sue": "susan", "meg": "margaret", "peggy": "margaret", "jeff": "jeffrey",
    ]
}
