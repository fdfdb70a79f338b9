import KBModel

// One resolver per kind of name a user types. Every command and report that takes such a
// name asks here, so `kb speakers X`, `kb search --speaker X`, `kb figures --speaker X` and
// `kb render speaker X` agree on whom X means, and fail the same way when it is unclear.

extension Store {
    /// The speaker a user names: a full name (case-insensitive), else the one speaker whose
    /// surname (last word) it is. An unknown name, or a surname several speakers share, is a
    /// usage error that lists the candidates.
    public func resolveSpeaker(_ typed: String) throws -> String {
        let name = typed.trimmingWhitespace
        let all = try speakerNames()
        if let exact = all.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return exact }
        // Another form of a speaker's name ("Sarah Paine" for Sarah C. M. Paine, "Joe" for Joseph).
        let forms = all.filter { PersonName.areForms($0, name) }
        if forms.count == 1 { return forms[0] }
        let bySurname = all.filter { Self.surname(of: $0).caseInsensitiveCompare(name) == .orderedSame }
        switch bySurname.count {
        case 1:
            return bySurname[0]
        case 0:
            if all.isEmpty { throw KBError.usage("no speaker called '\(typed)' in the index (it has no speakers yet)") }
            // Near a full name or near a surname ("Ramen" → Priya Raman).
            var fullName: [String: [String]] = [:]
            for full in all {
                fullName[full, default: []].append(full)
                fullName[String(Self.surname(of: full)), default: []].append(full)
            }
            var near: [String] = []
            for key in NearestName(Array(fullName.keys)).nearest(to: name, limit: 3) {
                for full in fullName[key] ?? [] where !near.contains(full) { near.append(full) }
            }
            throw KBError.usage("no speaker called '\(typed)' in the index"
                                + (near.isEmpty ? " (kb speakers lists them)" : "; did you mean \(near.joined(separator: ", "))?"))
        default:
            throw KBError.usage("'\(typed)' names \(bySurname.count) speakers: \(bySurname.joined(separator: ", ")); give the full name")
        }
    }

    /// `resolveSpeaker`, passing nil through.
    func resolveSpeaker(_ typed: String?) throws -> String? {
        try typed.map(resolveSpeaker)
    }

    /// Every speaker's name, in name order: those the notes find and those transcripts label.
    func speakerNames() throws -> [String] {
        try db.cached("SELECT name FROM speakers UNION SELECT name FROM transcript_speakers ORDER BY 1 COLLATE NOCASE").rows()
            .compactMap { $0.string("name") }
    }

    /// The last word of a name.
    static func surname(of name: String) -> Substring {
        name.split(separator: " ").last ?? Substring(name)
    }
}
