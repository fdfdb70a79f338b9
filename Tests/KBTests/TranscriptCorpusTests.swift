import Foundation
import Testing
@testable import KBModel
@testable import KBExtract
@testable import KBTranscripts

// Over the real transcripts in <repo>/../shared/corpus/transcripts (skipped when absent).
// Every expectation is counted from the files here, by simple rules of its own, not by the parser.

private let corpusRoot: String = {
    let repo = URL(fileURLWithPath: #filePath)  // <repo>/Tests/KBTests/this.swift
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return CorpusWalker.absolutePath(repo.appendingPathComponent("../shared/corpus").path)
}()

private let transcriptsRoot = corpusRoot + "/transcripts"

private var transcriptsExist: Bool {
    FileManager.default.fileExists(atPath: transcriptsRoot + "/3blue1brown")
        && FileManager.default.fileExists(atPath: transcriptsRoot + "/lennyspodcast")
        && FileManager.default.fileExists(atPath: transcriptsRoot + "/webvtt")
}

private func files(in folder: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: transcriptsRoot + "/" + folder)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
}

private func readText(_ relative: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: transcriptsRoot + "/" + relative))
    var text = String(decoding: data, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text.replacingOccurrences(of: "\r\n", with: "\n")
}

/// Every transcript of the corpus, read once for all the tests here (nil: not read as one).
private let corpusTranscripts: [String: Result<Transcript?, ReadError>] = {
    var out: [String: Result<Transcript?, ReadError>] = [:]
    for file in files(in: "3blue1brown") + files(in: "lennyspodcast") + files(in: "webvtt") {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: transcriptsRoot + "/" + file)) else { continue }
        do { out[file] = .success(try TranscriptReader.read(path: file, data: data)) } catch let e as ReadError { out[file] = .failure(e) } catch {}
    }
    return out
}()

private func read(_ relative: String) throws -> Transcript {
    let result = try #require(corpusTranscripts[relative], "\(relative) was not read")
    return try #require(try result.get(), "\(relative) is not read as a transcript")
}

private func words<S: StringProtocol>(_ text: S) -> [Substring] {
    Substring(text).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
}

/// `d:dd`, `dd:dd` or `dd:dd:dd`: digit groups of one or two, then two digits, joined by colons.
private func isClock(_ s: Substring) -> Bool {
    let groups = s.split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(groups.count), groups.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCIIDigitChar) }) else { return false }
    return groups.dropFirst().allSatisfy { $0.count == 2 }
}

/// `Name (00:01:02):` or `(01:02):` alone on a line, the colon optional.
private func isParenHeader(_ line: String) -> Bool {
    var l = Substring(line.trimmingCharacters(in: .whitespaces))
    if l.hasSuffix(":") { l = l.dropLast() }
    guard l.hasSuffix(")"), let open = l.lastIndex(of: "(") else { return false }
    let before = l[..<open]
    return isClock(l[l.index(after: open)..<l.index(before: l.endIndex)]) && (before.isEmpty || before.hasSuffix(" ")) && before.count <= 81
}

/// `[00:01:02] Name: text` or `[00:01:02] text`: the text after the header (the name left out).
private func bracketHeaderText(_ line: String) -> Substring? {
    guard line.hasPrefix("["), let close = line.firstIndex(of: "]"), isClock(line[line.index(after: line.startIndex)..<close]) else { return nil }
    var rest = line[line.index(after: close)...].drop { $0 == " " }
    if let colon = rest.range(of: ": "), rest[..<colon.lowerBound].count <= 40,
       rest[..<colon.lowerBound].allSatisfy({ $0.isLetter || $0 == " " || $0 == "." || $0 == "'" || $0 == "-" }),
       rest.first?.isUppercase == true {
        rest = rest[colon.upperBound...]
    }
    return rest
}

/// `Name:` alone on a line.
private func isUntimedHeader(_ line: String) -> Bool {
    guard line.hasSuffix(":"), line.count <= 41, line.first?.isUppercase == true else { return false }
    return line.dropLast().allSatisfy { $0.isLetter || $0 == " " || $0 == "." || $0 == "'" || $0 == "-" }
}

/// `00:00:02,460 --> 00:00:05,580` at the start of a line.
private func isTimingLine(_ line: String) -> Bool {
    let parts = line.components(separatedBy: " --> ")
    guard parts.count == 2 else { return false }
    func cueTime(_ s: Substring) -> Bool {
        guard s.count >= 12, let mark = s.lastIndex(where: { $0 == "," || $0 == "." }) else { return false }
        return isClock(s[..<mark]) && s[s.index(after: mark)...].count == 3 && s[s.index(after: mark)...].allSatisfy(\.isASCIIDigitChar)
    }
    return cueTime(Substring(parts[0])) && cueTime(parts[1].split(separator: " ").first ?? "")
}

/// The text without `<…>` tags.
private func withoutTags(_ s: String) -> String {
    var out = ""
    var inTag = false
    for c in s {
        if c == "<" { inTag = true } else if c == ">" && inTag { inTag = false } else if !inTag { out.append(c) }
    }
    return out
}

private extension Character {
    var isASCIIDigitChar: Bool { isASCII && isNumber }
}

/// The first difference between two word lists, for a readable failure.
private func firstDifference(_ a: [Substring], _ b: [Substring]) -> String {
    let n = min(a.count, b.count)
    for i in 0..<n where a[i] != b[i] {
        return "word \(i): \(a[max(0, i - 5)..<min(a.count, i + 5)].joined(separator: " ")) | \(b[max(0, i - 5)..<min(b.count, i + 5)].joined(separator: " "))"
    }
    return "lengths \(a.count) and \(b.count)"
}

// MARK: - SubRip (3blue1brown)

@Test(.enabled(if: transcriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func transcriptCorpusSubRipKeepsEveryCueWordInOrder() throws {
    let srts = files(in: "3blue1brown")
    #expect(srts.count == 92)
    var totalCues = 0, totalPassages = 0
    var problems: [String] = []
    for file in srts {
        let text = try readText(file)
        // Independently: a cue is a timing line; its text is the lines after it up to a blank line.
        var cues = 0
        var expected: [Substring] = []
        var inCue = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let l = String(line)
            if isTimingLine(l) { cues += 1; inCue = true; continue }
            if l.trimmingCharacters(in: .whitespaces).isEmpty { inCue = false; continue }
            if inCue { expected += words(l) }
        }
        let t = try read(file)
        totalCues += cues
        totalPassages += t.passages.count
        if t.cues != cues { problems.append("\(file): \(cues) cues in the file, \(t.cues) read") }
        let got = t.passages.flatMap { words($0.text) }
        if got != expected { problems.append("\(file): \(firstDifference(expected, got))") }
        // Its video is its stem.
        let stem = String(file.split(separator: "/").last!.dropLast(".en.srt".count))
        if t.videoID != stem || t.videoIDSource != .fileStem { problems.append("\(file): video \(t.videoID ?? "nil")") }
        if t.language != "en" { problems.append("\(file): language \(t.language ?? "nil")") }
        if t.passages.contains(where: { $0.start > $0.end }) { problems.append("\(file): a passage ends before it starts") }
        if t.passages.map(\.ordinal) != Array(0..<t.passages.count) { problems.append("\(file): ordinals") }
    }
    #expect(problems.isEmpty, "\(problems.count) problems; first: \(problems.prefix(3))")
    #expect(totalCues == 27_511)
    #expect(totalPassages > totalCues / 4, "sentences, not one passage a file")
}

// MARK: - Speaker turns (Lenny's Podcast)

@Test(.enabled(if: transcriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func transcriptCorpusSpeakerTurnsAreAllStoredWithEveryWord() throws {
    let mds = files(in: "lennyspodcast")
    #expect(mds.count == 236)
    // Independent rules: the header forms these files use (see the helpers above).
    var totalTurns = 0, totalPassages = 0
    var problems: [String] = []
    var noVideo: [String] = []
    for file in mds {
        let text = try readText(file)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Frontmatter out.
        if lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") { lines.removeSubrange(0...close) }
        let timed = lines.contains { isParenHeader($0) || bracketHeaderText($0) != nil }
        var turns = 0, turnsWithText = 0
        var expected: [Substring] = []
        var open = false  // a turn whose text has not been seen yet
        for l in lines {
            if l.hasPrefix("# ") || l.hasPrefix("## ") || l.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if l.hasPrefix("PART "), l.contains(" ENDS [") { continue }
            if isParenHeader(l) || (!timed && isUntimedHeader(l)) {
                turns += 1
                open = true
                continue
            }
            if let rest = bracketHeaderText(l) {
                turns += 1
                open = true
                if !rest.isEmpty { expected += words(rest); turnsWithText += 1; open = false }
                continue
            }
            if open { turnsWithText += 1; open = false }
            expected += words(l)
        }
        let t = try read(file)
        totalTurns += turns
        totalPassages += t.passages.count
        if t.cues != turns { problems.append("\(file): \(turns) turns in the file, \(t.cues) read") }
        if Set(t.passages.map(\.turn)).count != turnsWithText {
            problems.append("\(file): \(turnsWithText) turns with text, \(Set(t.passages.map(\.turn)).count) with passages")
        }
        let got = t.passages.flatMap { words($0.text) }
        if got != expected { problems.append("\(file): \(firstDifference(expected, got))") }
        if t.passages.contains(where: { $0.start > $0.end || $0.speaker == nil }) { problems.append("\(file): a passage without speaker or with end < start") }
        // Which video: the frontmatter's id, or nothing with a warning.
        let frontID = text.split(separator: "\n").first { $0.hasPrefix("video_id: ") }.map { String($0.dropFirst("video_id: ".count)) }
        if let id = frontID, id.count == 11 {
            if t.videoID != id || t.videoIDSource != .frontmatter { problems.append("\(file): video \(t.videoID ?? "nil"), frontmatter \(id)") }
        } else {
            noVideo.append(file)
            if t.videoID != nil || !t.diagnostics.contains(where: { $0.message.hasPrefix("no video id") }) {
                problems.append("\(file): no id in the frontmatter, but read as \(t.videoID ?? "nil") without a warning")
            }
        }
    }
    #expect(problems.isEmpty, "\(problems.count) problems; first: \(problems.prefix(3))")
    #expect(noVideo == ["lennyspodcast/daniel-lereya.md", "lennyspodcast/nickey-skarstad.md", "lennyspodcast/peter-deng.md",
                        "lennyspodcast/rachel-lockett.md", "lennyspodcast/teaser_2021.md"])
    #expect(totalTurns > 49_000)
    #expect(totalPassages > totalTurns)
}

/// The 20 Lenny transcripts with notes are joined to their notes' video.
@Test(.enabled(if: transcriptsExist && FileManager.default.fileExists(atPath: corpusRoot + "/channels/lennyspodcast"),
               "the shared corpus is not at <repo>/../shared/corpus"))
func transcriptCorpusLennyTranscriptsMeetTheirNotes() throws {
    var noteVideos = Set<String>()
    let notes = corpusRoot + "/channels/lennyspodcast"
    for name in try FileManager.default.contentsOfDirectory(atPath: notes) where name.hasSuffix(".md") {
        let note = NoteExtractor.extract(path: name, text: try String(contentsOfFile: notes + "/" + name, encoding: .utf8), figures: false)
        if let v = note.videoID { noteVideos.insert(v) }
    }
    var joined = Set<String>()
    for file in files(in: "lennyspodcast") {
        if let v = try read(file).videoID, noteVideos.contains(v) { joined.insert(v) }
    }
    #expect(joined.count == 20, "\(joined.count) of the notes' videos have a transcript")
}

// MARK: - WebVTT

@Test(.enabled(if: transcriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func transcriptCorpusRollingCaptionsSayEachWordOnce() throws {
    let file = "webvtt/DHyUYg8X31c.en.vtt"
    let text = try readText(file)
    // Independently: a cue's words are those of its lines with inline times, and of its
    // other lines that the cue before did not show.
    var expected: [Substring] = []
    var previous: [String] = []
    var cues = 0
    for block in text.components(separatedBy: "\n\n") where block.contains("-->") {
        cues += 1
        let lines = block.split(separator: "\n").map(String.init).filter { !$0.contains("-->") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        for l in lines {
            let plain = withoutTags(l)
            if l.contains("<c>") || !previous.contains(plain) { expected += words(plain) }
        }
        previous = lines.map(withoutTags)
    }
    let t = try read(file)
    #expect(t.cues == cues)
    #expect(t.language == "en")
    let got = t.passages.flatMap(\.words)
    #expect(got.map { Substring($0.text) } == expected, "\(firstDifference(expected, got.map { Substring($0.text) }))")
    #expect(t.passages.flatMap { words($0.text) } == expected)
    // No passage repeats the one before; no word comes twice in a row.
    for (a, b) in zip(t.passages, t.passages.dropFirst()) { #expect(a.text != b.text) }
    let doubled = zip(got, got.dropFirst()).filter { $0.0.text == $0.1.text }.map(\.0.text)
    #expect(doubled.isEmpty, "\(doubled)")
    // Word times are kept and go forward; windows of about 20 s.
    #expect(zip(got, got.dropFirst()).allSatisfy { $0.0.start <= $0.1.start })
    #expect(got.contains { abs($0.start - 2.639) < 0.0005 && $0.text == "a" })
    #expect(t.passages.dropLast().allSatisfy { $0.end - $0.start <= 20.5 && $0.end - $0.start >= 10 }, "\(t.passages.map { $0.end - $0.start })")
    // The tail is there.
    #expect(t.passages.last?.text.hasSuffix("[Music]") == true)
}

@Test(.enabled(if: transcriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func transcriptCorpusVoiceTaggedWebVTTKeepsSpeakersAndWords() throws {
    let file = "webvtt/azOmzumh0vQ.vtt"
    let text = try readText(file)
    var expected: [Substring] = []
    var inCue = false
    var cues = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if line.contains("-->") { inCue = true; cues += 1; continue }
        if line.isEmpty { inCue = false; continue }
        if inCue { expected += words(withoutTags(line)) }
    }
    let t = try read(file)
    #expect(t.cues == cues)
    #expect(t.speakers == ["Speaker 1", "Speaker 2"])
    #expect(t.passages.flatMap { words($0.text) } == expected)
    #expect(t.passages.allSatisfy { $0.speaker != nil })
    #expect(t.videoID == "azOmzumh0vQ")
}

// MARK: - Whole corpus

@Test(.enabled(if: transcriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func transcriptCorpusEveryFileIsReadToItsLastWords() throws {
    var failures: [String] = []
    for file in files(in: "3blue1brown") + files(in: "lennyspodcast") + files(in: "webvtt") {
        let text = try readText(file)
        let t = try read(file)
        // The last line of text in the file ends the last passage.
        let last = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty && !$0.contains("-->") && !$0.hasPrefix("PART ") }!
        let lastWord = words(withoutTags(last)).last.map(String.init) ?? ""
        if !(t.passages.last?.text.hasSuffix(lastWord) ?? false) { failures.append("\(file): ends \(t.passages.last?.text.suffix(40) ?? "nil"), file ends \(lastWord)") }
    }
    #expect(failures.isEmpty, "\(failures.prefix(3))")
}

/// No note of the shared corpus or of notes/ is taken for a transcript.
@Test(.enabled(if: FileManager.default.fileExists(atPath: corpusRoot + "/channels"), "the shared corpus is not at <repo>/../shared/corpus"))
func transcriptCorpusNotesAreNotTranscripts() throws {
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    var checked = 0
    var taken: [String] = []
    for root in [corpusRoot + "/channels", corpusRoot + "/seed-wiki", repo + "/notes"] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
        for case let relative as String in walker where relative.hasSuffix(".md") {
            let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            checked += 1
            if TranscriptReader.format(path: relative, text: text) != nil { taken.append(relative) }
        }
    }
    #expect(checked > 800)
    #expect(taken.isEmpty, "\(taken.prefix(5))")
}
