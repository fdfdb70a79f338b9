import KBModel

/// Who a transcript's speaker label names (docs/transcripts.md, "Speakers").
///
/// A label is the best evidence of who speaks, but labels come in three kinds: full names
/// (`Maren Okafor`), first names or surnames alone (`Maren`: the host of a show labels
/// himself so), and labels that name nobody (`Speaker 1`, `SPEAKER_00`, `Host`, `MUSIC`).
/// The first kind is a person as written; the second is the one full name among the
/// candidates that starts or ends with it, when exactly one does; the third is no person
/// (kept as the passage's label, never listed as a speaker) unless the transcript itself
/// names it, which kb does not guess.
public enum SpeakerLabels {
    /// Labels that stand for a role or a sound, not a person (compared lower-cased, with
    /// digits, `_` and `#` removed: `Speaker 2`, `SPEAKER_01`, `Speaker #3`).
    static let roles: Set<String> = [
        "speaker", "spk", "unknown", "host", "cohost", "co-host", "guest", "interviewer", "interviewee",
        "narrator", "announcer", "moderator", "audience", "audience member", "crowd", "caller", "voice",
        "voiceover", "voice over", "male", "female", "man", "woman", "participant", "presenter", "student",
        "teacher", "question", "answer", "q", "a", "music", "applause", "laughter", "crosstalk", "inaudible",
        "silence", "noise", "intro", "outro", "ad", "sponsor", "video", "clip", "audio", "both", "all",
    ]

    /// Whether a label names nobody in particular.
    public static func isRole(_ label: String) -> Bool {
        let key = String(label.lowercased().unicodeScalars.filter { !("0"..."9").contains($0) && $0 != "_" && $0 != "#" })
            .trimmingWhitespace
        if key.isEmpty { return true }
        if roles.contains(key) { return true }
        // `MUSIC PLAYING`, `[LAUGHTER]`: capitals only, or brackets, are sounds and captions' notes.
        let letters = label.unicodeScalars.filter { $0.properties.isAlphabetic }
        if label.hasPrefix("[") || label.hasPrefix("(") { return true }
        return !letters.isEmpty && letters.allSatisfy { $0.properties.isUppercase } && letters.count > 3
            && !label.contains(" ") && !label.contains(".")
    }

    static func isAllCaps(_ s: String) -> Bool {
        let letters = s.unicodeScalars.filter { $0.properties.isAlphabetic }
        return !letters.isEmpty && letters.allSatisfy { $0.properties.isUppercase }
    }

    /// The person a label names, given the full names known around its transcript (the
    /// video's speakers and the people its notes name, the transcript's `guest`, the full-name
    /// labels that recur over the channel's transcripts, as a host's do); nil for a role, or a short label no single
    /// candidate matches.
    public static func person(for label: String, candidates: [String]) -> String? {
        let label = label.trimmingWhitespace
        guard !isRole(label) else { return nil }
        // One form per name, whatever its case; a form in mixed case over one in capitals.
        var forms: [String: String] = [:]
        for c in candidates where c.split(separator: " ").count >= 2 {
            let key = c.lowercased()
            if let kept = forms[key], !isAllCaps(kept) { continue }
            forms[key] = c
        }
        let words = label.split(separator: " ")
        if words.count >= 2 { return forms[label.lowercased()] ?? label }
        let full = Set(forms.values)
        let byFirst = full.filter { $0.split(separator: " ").first.map { $0.caseInsensitiveCompare(label) == .orderedSame } ?? false }
        if byFirst.count == 1 { return byFirst.first }
        let byLast = full.filter { $0.split(separator: " ").last.map { $0.caseInsensitiveCompare(label) == .orderedSame } ?? false }
        if byLast.count == 1, byFirst.isEmpty { return byLast.first }
        return nil
    }
}
