import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// Each rule of QueryRules on invented queries; SearchRulesTests runs them against invented notes.

private func plan(_ query: String, knows words: Set<String>? = nil) throws -> SearchPlan {
    try QueryRules.plan(query, knows: words.map { set in { set.contains($0) } })
}

private func labels(_ query: String) throws -> [String] { try plan(query).concepts.map(\.label) }

private func forms(_ query: String, knows words: Set<String>? = nil) throws -> [[String]] {
    try plan(query, knows: words).concepts.map { $0.forms.map(\.text) }
}

// MARK: Rule 1: function and question words

@Test(arguments: [
    ("why is TSMC dominant", ["TSMC", "dominant"]),
    ("what did Zuckerberg say about energy", ["Zuckerberg", "energy"]),
    ("how does a heat pump work", ["heat", "pump", "work"]),
    ("how much power do AI data centres need", ["power", "AI", "data", "centres", "need"]),
    ("the history of the Roman roads", ["history", "Roman", "roads"]),
    ("What are the risks of deep sea mining?", ["risks", "deep", "sea", "mining?"]),
    // Not a question: "say" is a word of the topic.
    ("say on pay votes", ["say", "pay", "votes"]),
    // Quoted words are searched as typed.
    ("\"the state of the art\" in welding", ["the state of the art", "welding"]),
    // A capitalized function word after the first word is a name; capitals make an acronym.
    ("films with Will Ferrell", ["films", "Will", "Ferrell"]),
    ("jobs in the US and IT", ["jobs", "US", "IT"]),
    // A query of function words only is searched as typed.
    ("to be or not to be", ["to", "be", "or", "not", "to", "be"]),
    // OR alternatives and prefixes stay.
    ("the cat OR the dog", ["cat OR the", "dog"]),
    ("how do turbin* spin", ["turbin", "spin"]),
])
func functionAndQuestionWordsAreDropped(query: String, expected: [String]) throws {
    #expect(try labels(query) == expected)
}

@Test func droppedWordsAreReported() throws {
    #expect(try plan("what did Ada Lovelace say about engines").dropped == ["what", "did", "say", "about"])
}

// MARK: Rule 1b: framing words and names

@Test func framingWordsAreOptionalAndWeighLess() throws {
    let p = try plan("eigenvalues intuition")
    #expect(p.concepts.map(\.required) == [true, false])
    #expect(p.concepts[1].emphasis == QueryRules.framingEmphasis)
    // A query of framing words only: they are its topic.
    #expect(try plan("great examples").concepts.map(\.required) == [true, true])
}

@Test func namesTypedWithACapitalWeighMore() throws {
    #expect(try plan("how did Kodak fall behind").concepts.map(\.emphasis) == [QueryRules.nameEmphasis, 1, 1])
    // The first word's capital is the sentence's; in Title Case no capital says anything.
    #expect(try plan("Kodak film sales").concepts.map(\.emphasis) == [1, 1, 1])
    #expect(try plan("Why Kodak Fell Behind").concepts.map(\.emphasis) == [1, 1, 1])
}

// MARK: Rule 2: British and American spellings

@Test(arguments: [
    ("colour", "color"), ("color", "colour"), ("centres", "centers"), ("datacentre", "datacenter"),
    ("behaviour", "behavior"), ("defence", "defense"), ("aluminium", "aluminum"), ("travelled", "traveled"),
    ("organise", "organize"), ("organisation", "organization"), ("realized", "realised"), ("analyse", "analyze"),
])
func spellingsGoBothWays(word: String, other: String) {
    #expect(QueryRules.spellings(of: word).contains(other))
}

@Test func shortWordsEndingInIseAreLeftAlone() {
    #expect(QueryRules.spellings(of: "rise").isEmpty)
    #expect(QueryRules.spellings(of: "wise").isEmpty)
    #expect(QueryRules.spellings(of: "checker").isEmpty)  // cheque/check only as a whole word
}

@Test func aSpellingVariantIsAFormOfItsConcept() throws {
    #expect(try forms("harbour cranes") == [["harbour", "harbor"], ["cranes"]])
    // Quoted: as typed.
    #expect(try forms("\"harbour\" cranes") == [["harbour"], ["cranes"]])
}

// MARK: Rule 3: irregular forms

@Test func irregularFormsMatchEachOther() throws {
    #expect(try forms("mice experiments") == [["mice", "mouse"], ["experiments"]])
    #expect(try forms("profits fell") == [["profits"], ["fell", "fall", "fallen"]])
    // A place and its adjective.
    #expect(try forms("Japanese shipyards") == [["Japanese", "japan"], ["shipyards"]])
    #expect(try forms("Rome aqueducts") == [["Rome", "roman"], ["aqueducts"]])
}

// MARK: Rule 4: abbreviations

@Test func abbreviationsFindTheirLongFormAndBack() throws {
    #expect(try forms("EUV mirrors") == [["EUV", "extreme ultraviolet"], ["mirrors"]])
    #expect(try forms("cheap GPUs") == [["cheap"], ["GPUs", "graphics processing units"]])
    // The long form typed out also finds the short one, in every word it spans.
    #expect(try forms("finding product market fit") == [["finding"], ["product", "pmf"], ["market", "pmf"], ["fit", "pmf"]])
    #expect(try forms("return on investment") == [["return", "roi"], ["investment", "roi"]])
    // A short form that is also a word counts only in capitals.
    #expect(try forms("meeting at 3 pm") == [["meeting"], ["3"], ["pm"]])
    #expect(try forms("a PM interview") == [["PM", "product manager"], ["interview"]])
}

// MARK: Rule 5: compounds

@Test func compoundsAreSplitAndJoinedWhenTheIndexHasTheParts() throws {
    let index: Set<String> = ["data", "centers", "center", "datacenter", "rain", "water", "rainwater"]
    #expect(try forms("datacenters", knows: index) == [["datacenters", "data centers", "datacentres"]])
    #expect(try forms("data center costs", knows: index) == [["data", "datacenter"], ["center", "centre", "datacenter"], ["costs"]])
    #expect(try forms("data-center", knows: index) == [["data-center", "datacenter", "data-centre"]])
    // British spelling, then the split: both spellings of both forms.
    #expect(try forms("datacentres", knows: index) == [["datacentres", "data centers", "datacenters"]])
    // Parts the index lacks, or shorter than four letters: no split.
    #expect(try forms("raincoat", knows: index) == [["raincoat"]])
    #expect(try forms("rainwater", knows: index) == [["rainwater", "rain water"]])
    // Without an index to ask, no compounds.
    #expect(try forms("datacenters") == [["datacenters", "datacentres"]])
}

// MARK: Syntax

@Test func querySyntaxKeepsWorking() throws {
    let p = try plan("\"heat pump\" -gas boiler* OR furnace", knows: [])
    #expect(p.concepts.map(\.label) == ["heat pump", "boiler OR furnace"])
    #expect(p.concepts.map(\.exact) == [true, true])
    #expect(p.excluded.map(\.text) == ["gas"])
    #expect(p.allExpression == #"("heat pump" AND ("boiler" * OR "furnace")) NOT "gas""#)
    #expect(p.anyExpression == #"("heat pump" OR ("boiler" * OR "furnace")) NOT "gas""#)
    // `--not`: an exclusion given apart, as a phrase.
    let excluded = try QueryRules.plan("boilers", excluding: ["gas fired"])
    #expect(excluded.excluded.map(\.fts) == [#""gas fired""#])
    #expect(excluded.allExpression == #"("boilers") NOT "gas fired""#)
}

@Test func theCoverMapNamesEachPhrasesConcept() throws {
    // "colour" has two forms, "intuition" is optional, "-grey" is an exclusion.
    let p = try plan("colour intuition -grey")
    #expect(QueryRules.coverMap(p) == "0 0 -1 -1")
}
