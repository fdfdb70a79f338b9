import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// All names and sentences here are invented.

private func note(_ sentences: [String], title: String? = nil) -> SpeakerInput {
    SpeakerInput(title: title, sentences: sentences.enumerated().map { SpeakerSentence(line: $0.offset + 1, text: $0.element, lead: nil) })
}

private func analyze(_ title: String?, _ notes: [[String]]) -> SpeakerAnalysis {
    SpeakerExtractor().analyze(videoTitle: title, notes: notes.map { note($0) })
}

/// The speakers a title gives, with notes that talk about tides, ports and salt in lowercase and
/// name the guests once, as real notes do.
private func guests(_ title: String) -> [String] {
    analyze(title, [[
        "The conversation covers tidal power, salt flats, ferries, ports and power, and why tides matter.",
        "The salt wars, the tide almanac and shareholder letters come up; Dunstan is named once, and so is Pell.",
    ]]).speakers
}

// MARK: - Titles

@Test func titleGuestPatterns() {
    #expect(guests("Mirela Dunstan – Tidal Power, Salt Flats, & Ferries") == ["Mirela Dunstan"])
    #expect(guests("Mirela Dunstan - Tidal Power") == ["Mirela Dunstan"])
    #expect(guests("Mirela Dunstan: Why Tides Matter") == ["Mirela Dunstan"])
    #expect(guests("Why Tides Matter | Mirela Dunstan") == ["Mirela Dunstan"])
    #expect(guests("Why Tides Matter || Mirela Dunstan") == ["Mirela Dunstan"])
    #expect(guests("How I sketch coastlines | A watercolour demo with Osric Pell") == ["Osric Pell"])
    #expect(guests("Osric Pell (Harbour Authority CEO) - Ports and Power") == ["Osric Pell"])
    #expect(guests("@Seaborne & Osric Pell – How Ports Actually Work") == ["Osric Pell"])
    #expect(guests("Osric Pell vs Mirela Dunstan") == ["Osric Pell", "Mirela Dunstan"])
    #expect(guests("Tidal Futures — Osric Pell & Mirela Dunstan") == ["Osric Pell", "Mirela Dunstan"])
    #expect(guests("Mirela Dunstan EP 2: The Salt Wars (Lecture & Interview)") == ["Mirela Dunstan"])
    #expect(guests("Mirela Dunstan on how we chart the tides | Coastline Part 1") == ["Mirela Dunstan"])
    #expect(guests("#212 – Osric Pell: Ports, Power and Patience") == ["Osric Pell"])
    #expect(guests("Interview with Dr. Osric Pell") == ["Osric Pell"])
}

@Test func titleWithoutGuests() {
    #expect(guests("The Rise and Fall of the Salt Cartel") == [])
    #expect(guests("Tidal Power, Salt Flats, & Ferries") == [])
    #expect(guests("Why Tides Actually Turn: Moons, Winds, & Ice Age – Part 2") == [])
    // A show name is not its host taking part.
    #expect(guests("Halvard Ruud Podcast #256") == [])
    #expect(guests("Halvard Ruud Experience #1448 - Osric Pell") == ["Osric Pell"])
    #expect(guests("Osric Pell: Ports and Patience | Halvard Ruud Podcast #12") == ["Osric Pell"])
    // A book episode names its subject; a possessive names a topic.
    #expect(guests("Osric Pell (the NEW Collected Harbour Letters)") == [])
    #expect(guests("Osric Pell' Harbour Letters") == [])
    #expect(guests("Osric Pell's Shareholder Letters") == [])
    #expect(guests("The Tide Almanac by Mirela Dunstan | Book Summary") == [])
}

@Test func titleSplitKeepsHyphenatedWords() {
    #expect(TitleGuests.split("Anna Fitz-Roy - Sea-Level Rise: A Primer") == ["Anna Fitz-Roy", "Sea-Level Rise", "A Primer"])
}

// MARK: - Evidence in the text

@Test func conversationCuesNameSpeakers() {
    let a = analyze("The Salt Trade Explained", [[
        "This article draws on a conversation between Maya Okafor of Brinewatch and Tomas Reyes of Saltline.",
        "Reyes adds that salt prices doubled within a decade.",
        "Okafor suggests the cartel collapsed under its own debt.",
    ]])
    #expect(Set(a.speakers) == ["Maya Okafor", "Tomas Reyes"])
    #expect(a.notes[0].attributions == [nil, "Tomas Reyes", "Maya Okafor"])
}

@Test func debateWithModerator() {
    let a = analyze(nil, [[
        "The episode is a debate between Ines Harlow and Piotr Zelenko, moderated by Quinn Abara.",
        "Zelenko, on the other hand, maintains that progress will be slow.",
    ]])
    #expect(Set(a.speakers) == ["Ines Harlow", "Piotr Zelenko", "Quinn Abara"])
    #expect(a.notes[0].attributions[1] == "Piotr Zelenko")
}

@Test func initialsAndFirstNames() {
    let a = analyze("@Brinewatch & Maya Okafor – Salt", [[
        "The notes follow a dialogue between Maya Okafor and Jon Q. about salt.",
        "Jon Q. adds that the mines were flooded.",
        "In the discussion, Jon highlights the role of the guilds.",
        "Okafor notes the guilds kept prices high.",
    ]])
    #expect(Set(a.speakers) == ["Maya Okafor", "Jon Q."])
    #expect(a.notes[0].attributions == [nil, "Jon Q.", "Jon Q.", "Maya Okafor"])
}

@Test func mentionedPeopleWithVerbsAreNotSpeakers() {
    // A documentary narrated by nobody named: quoted executives are mentions only.
    let a = analyze("The Merger That Sank Brinewatch", [[
        "Harold Bexley argued that the merger would ruin the company.",
        "Bexley later noted that the board ignored him.",
        "Edwina Marsh commented that the deal was rushed.",
        "Marsh believed the shareholders would revolt.",
    ]])
    #expect(a.speakers == [])
    #expect(a.notes[0].attributions.allSatisfy { $0 == nil })
    #expect(a.notes[0].mentions.contains("Harold Bexley"))
    #expect(a.notes[0].mentions.contains("Edwina Marsh"))
}

@Test func citedThinkerIsNotASpeakerWhenTheTitleNamesTheGuest() {
    let a = analyze("Lotte Vries – Why Empires Fall", [[
        "As discussed by Henri Duval, empires rarely fall at once, and why empires fall is the question.",
        "Duval argues that trade routes matter most.",
        "Vries suggests that plagues mattered more than invasions.",
    ]])
    #expect(a.speakers == ["Lotte Vries"])
    #expect(a.notes[0].attributions == [nil, nil, "Lotte Vries"])
}

@Test func hostShownTakingPartIsASpeaker() {
    let a = analyze("Lotte Vries – Why Empires Fall", [[
        "In a discussion between Lotte Vries and host Arun Mehra, the conversation turns to plagues.",
    ]])
    #expect(Set(a.speakers) == ["Lotte Vries", "Arun Mehra"])
}

@Test func roleWordTakesOnlyTheNextName() {
    let a = analyze("The Shogun's Navy", [[
        "The speaker uses Kaito Hanabusa, author of a famous treatise, as an example.",
        "The speaker also characterizes Hanabusa as stubborn.",
    ]])
    #expect(a.speakers == [])
}

@Test func mainVoiceOfAPodcastFromRepeatedSpeech() {
    let podcast = analyze(nil, [[
        "In this podcast episode, Ingrid Solberg talks about fjord ecology.",
        "Solberg argues that warming waters threaten the cod.",
        "Solberg believes fishing quotas came too late.",
        "Solberg cautions against farming salmon in the inner fjords.",
    ]])
    #expect(podcast.speakers == ["Ingrid Solberg"])
    #expect(podcast.notes[0].attributions[1] == "Ingrid Solberg")
    // The same sentences without any sign of a conversation: a historical account.
    let history = analyze(nil, [[
        "Ingrid Solberg ran the fishery board in 1920.",
        "Solberg argued that warming waters threatened the cod.",
        "Solberg believed fishing quotas came too late.",
        "Solberg cautioned against farming salmon in the inner fjords.",
    ]])
    #expect(history.speakers == [])
}

// MARK: - Names

@Test func titleSpellingWinsOverNoteSpelling() {
    let a = analyze("Bryn Kowalczyk - Rivers and Dams", [[
        "The discussion features Brin Kowalcyk on river management.",
        "Kowalcyk suggests that dams silt up within a century.",
    ]])
    #expect(a.speakers == ["Bryn Kowalczyk"])
    #expect(a.notes[0].attributions[1] == "Bryn Kowalczyk")

    let b = analyze("Karl Osei - Cities", [["Carl Osei highlights the cost of parking.", "Osei argues that zoning is the real problem."]])
    #expect(b.speakers == ["Karl Osei"])
    #expect(b.notes[0].attributions == ["Karl Osei", "Karl Osei"])

    let c = analyze("Torvald Brinkmann-Ode - Glaciers", [["Brinkmann explains that glaciers move in surges."]])
    #expect(c.notes[0].attributions == ["Torvald Brinkmann-Ode"])
}

@Test func surnameResolvesAcrossNotesOfTheVideo() {
    let a = analyze(nil, [
        ["This article summarizes an interview with Ilse Marchetti about bridges."],
        ["Marchetti emphasizes that steel fatigue is underestimated."],
    ])
    #expect(a.speakers == ["Ilse Marchetti"])
    #expect(a.notes[1].attributions == ["Ilse Marchetti"])
    #expect(a.notes[1].speakers == ["Ilse Marchetti"])
}

@Test func honorificsDroppedMonikersKept() {
    let a = analyze("Zed - Building Tiny Houses", [[
        "The talk is about building tiny houses.",
        "Professor Adaeze Nwosu explains that timber is underrated.",
        "Zed Halloran notes that permits take months.",
        "Dr. Nwosu argues that codes should change.",
    ]])
    #expect(a.speakers == ["Zed Halloran"])
    // Nwosu has no conversation evidence and is not in the title.
    #expect(a.notes[0].attributions == [nil, nil, "Zed Halloran", nil])

    let b = analyze("Adaeze Nwosu – Timber", [["Dr. Nwosu argues that codes should change."]])
    #expect(b.speakers == ["Adaeze Nwosu"])
    #expect(b.notes[0].attributions == ["Adaeze Nwosu"])
}

@Test func runTogetherAndSplitSurnamesMerge() {
    let a = analyze("Joseph Greenhalgh - Ethics", [["Joe Green Halgh mentions that he is unsure.", "Green Halgh argues that utility is not enough."]])
    #expect(a.speakers == ["Joseph Greenhalgh"])
}

@Test func commonWordAsFirstName() {
    let a = analyze("Will Abernathy - Forecasting", [[
        "Will Abernathy notes that forecasts will improve.",
        "We will see whether Abernathy predicts correctly.",
    ]])
    #expect(a.speakers == ["Will Abernathy"])
    #expect(a.notes[0].attributions[0] == "Will Abernathy")
}

// MARK: - Attribution

@Test func attributionSubjects() {
    let a = analyze("Maya Okafor – Salt", [[
        "However, Okafor points out that the mines were cheap.",            // opening phrase
        "Despite the losses, Okafor expresses hope for the industry.",
        "Though Okafor acknowledges the risks, the plan went ahead.",
        "Maya Okafor, a historian of trade, contends that salt built cities.",
        "Okafor strongly disagrees with the usual story.",
        "Okafor recounted a visit to the mines.",                           // past tense
        "According to Okafor, the cartel lasted forty years.",              // not the subject
        "As Okafor notes, prices fell.",
        "He argues that taxes were the cause.",                             // pronoun
        "The speaker notes that the mines closed.",
        "Okafor's book argues that salt built cities.",                     // possessive
        "Okafor and Reyes both highlight the guilds.",                      // two subjects
        "Okafor visited the mines in 2019.",                                // not a verb of saying
    ]])
    #expect(a.notes[0].attributions == [
        "Maya Okafor", "Maya Okafor", "Maya Okafor", "Maya Okafor", "Maya Okafor", "Maya Okafor",
        nil, nil, nil, nil, nil, nil, nil,
    ])
}

@Test func leadInIsSkipped() {
    let input = SpeakerInput(title: nil, sentences: [
        SpeakerSentence(line: 3, text: "Timeline: Okafor estimates the change will take a decade.", lead: "Timeline"),
    ])
    let a = SpeakerExtractor().analyze(videoTitle: "Maya Okafor – Salt", notes: [input])
    #expect(a.notes[0].attributions == ["Maya Okafor"])
}

@Test func attributionsAreParallelToSentences() {
    let a = analyze(nil, [["One.", "Two.", "Three."], []])
    #expect(a.notes.count == 2)
    #expect(a.notes[0].attributions.count == 3)
    #expect(a.notes[1].attributions.isEmpty)
}

@Test func nonPersonsAreNotNames() {
    let a = analyze(nil, [[
        "In an interview with Silicon Valley investors, the topic was chips.",
        "The conversation with Google engineers covered Nvidia and TSMC.",
        "A discussion with the United States Congress followed in March.",
    ]])
    #expect(a.speakers == [])
}

@Test func groupNounsAreNotPeople() {
    let a = analyze("Gene Flow", [[
        "The exchange between Neanderthals and Denisovans shaped modern genomes through gene flow.",
        "A single Neanderthal genome was sequenced.",
    ]])
    #expect(a.speakers == [])
}

@Test func mentionsAreCapped() {
    let names = ["Abel Dunmore", "Beatrix Quell", "Cosmo Varga", "Delphine Ostrow", "Emeric Tull", "Fenna Hollis",
                 "Gideon Marsh", "Hester Kline", "Ivo Brandauer", "Juno Castell", "Kasimir Lund", "Lorna Vey"]
    let a = analyze(nil, [names.map { "\($0) said the company was young." }])
    #expect(a.notes[0].mentions.count == SpeakerExtractor.maxMentions)
    #expect(a.notes[0].mentions.first == "Abel Dunmore")
}

// MARK: - Pieces

@Test func tokenizerKeepsInitialsAndPossessives() {
    let t = SpeakerText.tokenize("Sara C.M. Vance and Jon Q. met Dr. Fitz-Roy's team.").map(\.text)
    #expect(t == ["Sara", "C.M.", "Vance", "and", "Jon", "Q.", "met", "Dr.", "Fitz-Roy's", "team", "."])
}

@Test func editDistance() {
    #expect(SpeakerText.editDistance("kaplan", "caplan") == 1)
    #expect(SpeakerText.editDistance("cowen", "cowan") == 1)
    #expect(SpeakerText.editDistance("", "abc") == 3)
}

@Test func firstPartOfADashTitleStandsAlone() {
    // The notes never name the guest; the title's first part is a name, the rest a topic.
    let a = analyze("Ottilie Vance - The Salt Road and Its Caravans", [["The guest describes the salt road and its caravans."]])
    #expect(a.speakers == ["Ottilie Vance"])
    // A topic-shaped first part is not a guest.
    let b = analyze("Coastal Engineering - Part 2", [["Engineers built the sea walls."]])
    #expect(b.speakers == [])
}

@Test func lecturerKnownOnlyByHonorificAndSurname() {
    let a = analyze("Lecture 7: Eigenvalues", [[
        "In this lecture, Professor Strandqvist introduces eigenvalues.",
        "Strandqvist explains that a matrix stretches its eigenvectors.",
        "Strandqvist notes that the determinant is the product of eigenvalues.",
        "Strandqvist emphasizes the geometric picture.",
    ]])
    #expect(a.speakers == ["Strandqvist"])
    #expect(a.notes[0].attributions[1] == "Strandqvist")
}

@Test func namesAsPluralSubjectOfAConversation() {
    let a = analyze("Forecasting the Harvest", [[
        "Odile Brack and Teodor Lumi discuss how weather models improved.",
        "Brack argues that satellites changed everything.",
    ]])
    #expect(Set(a.speakers) == ["Odile Brack", "Teodor Lumi"])
    #expect(a.notes[0].attributions == [nil, "Odile Brack"])
}

@Test func unnamedHostThenGuest() {
    let a = analyze("Prediction Markets Explained", [[
        "The notes follow a discussion between the host and Yannick Oberholzer, a founder of a market startup.",
    ]])
    #expect(a.speakers == ["Yannick Oberholzer"])
}

@Test func interviewerVerbNamesTheGuest() {
    let a = analyze("Episode 41", [["In this episode, the host interviews Rosalind Achterberg about soil."]])
    #expect(a.speakers == ["Rosalind Achterberg"])
}

@Test func titleThatIsOnlyANameIsTheSubject() {
    // A biography episode: the narrator reads about the person, who does not speak.
    let a = analyze("#217 Cornelius Vanterpool", [[
        "In this episode, the host reads a biography of Cornelius Vanterpool.",
        "Vanterpool believes that ships are built by obsession.",
        "Vanterpool argues that debt is a tool.",
        "Vanterpool notes that partners matter.",
    ]])
    #expect(a.speakers == [])
    #expect(a.notes[0].attributions.allSatisfy { $0 == nil })
    #expect(a.notes[0].mentions == ["Cornelius Vanterpool"])
}

@Test func historicalInterviewInADocumentary() {
    // No guest in the title; an old interview is quoted in the past tense.
    let a = analyze("The Rise and Fall of Brinewatch", [[
        "In a 1987 interview with Augustin Perrault, the founder described the early days.",
        "Perrault argued that the company grew too fast.",
        "Perrault said the board lost its nerve.",
    ]])
    #expect(a.speakers == [])
}

@Test func cueInAnOpeningPhraseWithTheGuestAsSubject() {
    let a = analyze("Rolf Ekdahl: Order and Chaos | Somebody Podcast #88", [[
        "In a conversation with Imre Vasko, Rolf Ekdahl argues that order is chosen.",
        "Ekdahl mentioned a debate with Tibor Hajdu about free will.",
    ]])
    #expect(Set(a.speakers) == ["Rolf Ekdahl", "Imre Vasko"])
}

@Test func showHostTakesPartOnlyWhenShownSpeaking() {
    let silent = analyze("Sune Holt: Memory and Sleep | Brita Lindahl Podcast #85", [[
        "Holt explains that sleep consolidates memory.",
    ]])
    #expect(silent.speakers == ["Sune Holt"])
    let speaking = analyze("Sune Holt: Memory and Sleep | Brita Lindahl Podcast #85", [[
        "Holt explains that sleep consolidates memory.",
        "Brita Lindahl asks whether naps count.",
    ]])
    #expect(Set(speaking.speakers) == ["Sune Holt", "Brita Lindahl"])
    #expect(speaking.notes[0].attributions == ["Sune Holt", "Brita Lindahl"])
}

@Test func soloHostOfAPodcastFromTheNotes() {
    let a = analyze("How to Sharpen Focus | Brain Matters Podcast #6", [[
        "In this episode of the podcast, Dr. Halvor Nygaard explains how attention works.",
        "Nygaard notes that attention is a limited resource.",
        "Nygaard emphasizes the role of morning light.",
        "Nygaard recommends short breaks every ninety minutes.",
    ]])
    #expect(a.speakers == ["Halvor Nygaard"])
}

@Test func roleAppositionNamesTheHost() {
    let a = analyze("#300 Cornelius Vanterpool (the NEW Collected Letters)", [[
        "Dag Sorensen, the host of the show, reads from the letters.",
        "Vanterpool believes that ships are built by obsession.",
    ]])
    #expect(a.speakers == ["Dag Sorensen"])
    #expect(a.notes[0].attributions == [nil, nil])
}
