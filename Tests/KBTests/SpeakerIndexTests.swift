import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// Two notes of one invented conversation, and its channel index page.
private func speakerCorpus(_ folder: TempFolder) throws {
    try folder.write("talks/talks.md", """
        ---
        title: talks
        ---
        ### [Priya Raman – Power, Chips and the Grid](https://www.youtube.com/watch?v=vidTALK0001)
        - [[grid_power | Grid power]]
        - [[chip_supply | Chip supply]]
        """)
    try folder.write("talks/grid_power.md", noteText(title: "Grid power", videoID: "vidTALK0001", """
        From: [[talks]] <br/>

        This note follows a conversation between Maya Okafor and Priya Raman \(anchor("00:00:10")).
        Raman argues that new campuses will need 5 gigawatts each \(anchor("00:01:00")).
        Okafor asks whether utilities can keep up \(anchor("00:01:30")).
        Elon Musk has promised his own power plants \(anchor("00:02:00")).
        """))
    try folder.write("talks/chip_supply.md", noteText(title: "Chip supply", videoID: "vidTALK0001", """
        From: [[talks]] <br/>

        Raman believes chip supply will double by 2027 \(anchor("00:10:00")).
        Packaging remains the bottleneck \(anchor("00:11:00")).
        """))
}

@Test func speakersAreFoundPerVideoAndClaimsAttributed() throws {
    let folder = try TempFolder("kb-speakers")
    defer { folder.cleanup() }
    try speakerCorpus(folder)
    let store = try folder.indexedStore("talks")

    let speakers = try store.speakers()
    let names = Set(speakers.map(\.name))
    #expect(names.contains("Priya Raman"))
    #expect(names.contains("Maya Okafor"))
    #expect(!names.contains("Elon Musk"))
    #expect(speakers.first { $0.name == "Priya Raman" }?.videos == ["vidTALK0001"])

    // "Raman argues" in one note and "Raman believes" in the other both resolve to the full name.
    let raman = try store.claims(ofSpeaker: "Raman")
    #expect(raman.map(\.speaker).allSatisfy { $0 == "Priya Raman" })
    #expect(raman.contains { $0.text.hasPrefix("Raman argues") })
    #expect(raman.contains { $0.text.hasPrefix("Raman believes") })
    #expect(!raman.contains { $0.text.hasPrefix("Packaging") })

    let hits = try store.search(SearchRequest(query: "gigawatts", speaker: "priya raman"))
    #expect(hits.count == 1)
    #expect(hits.first?.speaker == "Priya Raman")
    #expect(try store.search(SearchRequest(query: "gigawatts", speaker: "Okafor")).isEmpty)

    let figures = try store.figures(FigureRequest(speaker: "Raman"))
    #expect(figures.contains { $0.figure.kind == .power })
}

@Test func editingAndRemovingNotesUpdatesSpeakers() throws {
    let folder = try TempFolder("kb-speakers-edit")
    defer { folder.cleanup() }
    try speakerCorpus(folder)
    let store = try Store(path: folder.path("kb.sqlite"))
    let indexer = Indexer(store: store)
    _ = try indexer.run(paths: [folder.path("talks")])

    // The video's notes and its index entry go: its speakers go with them.
    try folder.remove("talks/grid_power.md")
    try folder.remove("talks/chip_supply.md")
    try folder.remove("talks/talks.md")
    _ = try indexer.run(paths: [folder.path("talks")])
    #expect(try store.speakers().isEmpty)
    let left = try store.sql("SELECT count(*) FROM video_speakers")
    #expect(left.first?.int(0) == 0)
}

/// One resolver for a typed speaker name: every command agrees, and a surname two speakers
/// share is an error that names both.
@Test func aSpeakerNameResolvesTheSameEverywhere() throws {
    let folder = try TempFolder("kb-speaker-names")
    defer { folder.cleanup() }
    try speakerCorpus(folder)
    try folder.write("talks/second_talk.md", noteText(title: "Second talk", videoID: "vidTALK0002", """
        From: [[talks]] <br/>

        This note follows a conversation between Tomas Okafor and Lena Varga \(anchor("00:00:10")).
        Varga argues that grids are slow to build \(anchor("00:01:00")).
        Okafor says transformers are scarce \(anchor("00:01:30")).
        """))
    let store = try Store(path: folder.path("kb.sqlite"))
    _ = try Indexer(store: store).run(paths: [folder.path("talks")])
    let names = try store.speakerNames()
    try #require(names.contains("Maya Okafor") && names.contains("Tomas Okafor") && names.contains("Priya Raman"))

    #expect(try store.resolveSpeaker("raman") == "Priya Raman")
    #expect(try store.resolveSpeaker("priya raman") == "Priya Raman")
    #expect(try store.reportSpeaker(named: "Raman")?.name == "Priya Raman")
    #expect(try store.claims(ofSpeaker: "Raman").map(\.speaker).allSatisfy { $0 == "Priya Raman" })

    let ambiguous = StoreError.ambiguousName(.speaker, "Okafor", candidates: ["Maya Okafor", "Tomas Okafor"], hint: "give the full name")
    #expect(throws: ambiguous) { try store.resolveSpeaker("Okafor") }
    #expect(throws: ambiguous) { try store.search(SearchRequest(query: "utilities", speaker: "Okafor")) }
    #expect(throws: ambiguous) { try store.figures(FigureRequest(speaker: "Okafor")) }
    #expect(throws: ambiguous) { try store.claims(ofSpeaker: "Okafor") }
    #expect(throws: ambiguous) { try store.reportSpeaker(named: "Okafor") }
    #expect(try store.search(SearchRequest(query: "utilities", speaker: "Maya Okafor")).count == 1)

    #expect(throws: StoreError.unknownName(.speaker, "Ramen", nearest: ["Priya Raman"], hint: "kb speakers lists them")) {
        try store.resolveSpeaker("Ramen")
    }
}

/// `PersonName.formMerges` as it planned before it grouped people by surname: every pair.
private func formMergesComparingEveryPair(_ people: [PersonName.Known]) -> [(keep: Int64, drop: Int64)] {
    var merges: [(keep: Int64, drop: Int64)] = []
    var gone = Set<Int64>()
    for (i, a) in people.enumerated() where !gone.contains(a.id) {
        for b in people[(i + 1)...] where !gone.contains(b.id) && !gone.contains(a.id) {
            guard PersonName.areForms(a.name, b.name), !a.ties.isDisjoint(with: b.ties) else { continue }
            let (keep, drop) = PersonName.fuller(a.name, b.name) == a.name ? (a, b) : (b, a)
            merges.append((keep.id, drop.id))
            gone.insert(drop.id)
        }
    }
    return merges
}

@Test func formMergesCompareOnlyPeopleOfOneSurname() {
    // Invented people: given names with short forms, middle initials, a few surnames, ties
    // to a few videos and channels, and mononyms.
    let given = ["Joe", "Joseph", "Sam", "Samuel", "Sarah", "Sarah C.", "Sarah C. M.", "Tomas", "Maya", "Bill", "William", "J."]
    let surnames = ["Vance", "Okafor", "Lindqvist", "Brandt", "Ortega"]
    var generator = SystemRandomNumberGenerator()
    for round in 0..<40 {
        var people: [PersonName.Known] = []
        for id in 0..<Int64(60 + round) {
            let name = Int.random(in: 0..<12, using: &generator) == 0
                ? surnames.randomElement(using: &generator)!
                : given.randomElement(using: &generator)! + " " + surnames.randomElement(using: &generator)!
            let ties = Set((0..<Int.random(in: 0...2, using: &generator)).map { _ in ["v:a", "v:b", "c:x", "c:y"].randomElement(using: &generator)! })
            people.append(PersonName.Known(id: id, name: name, ties: ties))
        }
        let planned = PersonName.formMerges(people).map { "\($0.keep.id)>\($0.drop.id)" }
        let reference = formMergesComparingEveryPair(people).map { "\($0.keep)>\($0.drop)" }
        #expect(planned.sorted() == reference.sorted(), "round \(round)")
        #expect(!reference.isEmpty)
    }
}

/// Two forms of one person's name (a middle initial, a short first name) become one speaker
/// when a channel ties them; different people with one surname stay apart.
@Test func twoFormsOfOneNameAreOneSpeaker() throws {
    #expect(PersonName.areForms("Sarah C. M. Vance", "Sarah Vance"))
    #expect(PersonName.areForms("Joe Lindqvist", "Joseph Lindqvist"))
    #expect(!PersonName.areForms("Maya Okafor", "Tomas Okafor"))
    #expect(!PersonName.areForms("Vance", "Sarah Vance"), "a mononym is no form of a full name")
    #expect(PersonName.fuller("Sarah Vance", "Sarah C. M. Vance") == "Sarah C. M. Vance")
    #expect(PersonName.fuller("Joe Lindqvist", "Joseph Lindqvist") == "Joseph Lindqvist")

    let folder = try TempFolder("kb-speaker-forms")
    defer { folder.cleanup() }
    try folder.write("talks/talks.md", """
        ---
        title: talks
        ---
        ### [Sarah C. M. Vance – Sea Power](https://www.youtube.com/watch?v=vidSEAS0001)
        - [[sea_power | Sea power]]
        ### [Sarah Vance – Naval Strategy](https://www.youtube.com/watch?v=vidSEAS0002)
        - [[naval_strategy | Naval strategy]]
        """)
    try folder.write("talks/sea_power.md", noteText(title: "Sea power", videoID: "vidSEAS0001", """
        From: [[talks]] <br/>

        Vance argues that navies decide long wars \(anchor("00:01:00")).
        Vance notes that blockades starve economies slowly \(anchor("00:02:00")).
        """))
    try folder.write("talks/naval_strategy.md", noteText(title: "Naval strategy", videoID: "vidSEAS0002", """
        From: [[talks]] <br/>

        Vance argues that maritime powers win by patience \(anchor("00:01:00")).
        Vance says that continental powers overreach \(anchor("00:02:00")).
        """))
    let store = try folder.indexedStore("talks")
    let speakers = try store.speakers()
    #expect(speakers.map(\.name) == ["Sarah C. M. Vance"])
    #expect(speakers.first?.videos == ["vidSEAS0001", "vidSEAS0002"])
    #expect(try store.resolveSpeaker("Sarah Vance") == "Sarah C. M. Vance")
    #expect(try store.claims(ofSpeaker: "Sarah Vance").count == 4)
}
