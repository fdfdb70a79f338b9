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
