import KBModel
import KBExtract
import KBStore
import KBQuery

/// A stretch of a transcript shown as one paragraph: a speaker turn, cut into pieces of
/// at most `maxSeconds` (a long monologue, or a caption file without speakers, is one turn).
struct TranscriptBlock: Sendable, Hashable {
    var start: Double
    var end: Double
    var speaker: String?
    var text: String

    /// A block ends at a change of turn, or once it has run this long: a minute where the
    /// file names no speaker (captions), two where it does.
    static let maxSecondsWithoutSpeakers = 60.0
    static let maxSecondsWithSpeakers = 120.0

    static func blocks(_ passages: [StoredPassage]) -> [TranscriptBlock] {
        var out: [TranscriptBlock] = []
        var turn: Int?
        for p in passages {
            let limit = p.speaker == nil ? maxSecondsWithoutSpeakers : maxSecondsWithSpeakers
            if let last = out.last, turn == p.turn, p.start - last.start < limit {
                out[out.count - 1].text += " " + p.text
                out[out.count - 1].end = max(last.end, p.end)
            } else {
                out.append(TranscriptBlock(start: p.start, end: p.end, speaker: p.speaker, text: p.text))
            }
            turn = p.turn
        }
        return out
    }

    /// The index of the block a second falls in: the last starting at or before it (the
    /// first block for a second before the transcript starts).
    static func index(of second: Double, in blocks: [TranscriptBlock]) -> Int {
        var low = 0, high = blocks.count
        while low < high {
            let mid = (low + high) / 2
            if blocks[mid].start <= second { low = mid + 1 } else { high = mid }
        }
        return max(0, low - 1)
    }
}

extension Renderer {
    // MARK: - transcript

    /// The transcript of a video kb shows: the one with the most passages (real videos have
    /// several, some mislabelled), the others named on the page; nil when it has none.
    public func transcriptChoice(video: String, from store: Store? = nil) throws -> (shown: TranscriptInfo, others: [TranscriptInfo])? {
        let all = try (store ?? self.store).transcripts(ofVideo: video)
        guard let shown = all.max(by: { ($0.passages, -$0.id) < ($1.passages, -$1.id) }) else { return nil }
        return (shown, all.filter { $0.id != shown.id })
    }

    /// The annotated transcript of a video: its text by speaker turn, each turn with its
    /// timestamp link; beside each turn the claims of the video's notes that cite a moment
    /// inside it (note linked, figures named, wiki-links to the site's pages), and a heading
    /// where a section of a note begins. Nil when the video has no transcript.
    /// `store`: the connection to read through (a site's worker threads each have their own).
    public func transcriptPage(video id: String, from store: Store? = nil) throws -> RenderedPage? {
        let store = store ?? self.store
        guard let choice = try transcriptChoice(video: id, from: store) else { return nil }
        return transcriptPage(video: id, transcript: choice.shown, others: choice.others,
                              passages: try store.passages(ofTranscript: choice.shown.id),
                              claims: pointingLinksAtSite(try store.reportClaims(.video(id))))
    }

    func transcriptPage(video id: String, transcript: TranscriptInfo, others: [TranscriptInfo],
                        passages: [StoredPassage], claims: [ReportClaim]) -> RenderedPage {
        let info = video(id) ?? ReportVideo(id: id, title: transcript.title, channel: nil)
        let title = "Transcript: " + info.displayTitle
        var head = "# " + RenderText.md(title) + "\n\n"
        var facts = ["[Watch on YouTube](\(YouTubeURL.watch(id, seconds: nil)))"]
        if plan?.videos[id] != nil { facts.append("Timeline: " + videoLink(id)) }
        if let channel = info.channel { facts.append("Channel: " + RenderText.md(channel)) }
        head += facts.joined(separator: " · ") + "\n\n"
        var about = "From `\(RenderText.md(transcript.path))` (\(transcript.format)"
        if let language = transcript.language { about += ", " + RenderText.md(language) }
        about += ", \(passages.count) passages)"
        if !transcript.speakers.isEmpty {
            about += "; speakers as labelled: " + transcript.speakers.map(RenderText.md).joined(separator: ", ")
        }
        head += about + ".\n"
        if !others.isEmpty {
            head += "\nOther transcripts of this video: " + others.map { "`\(RenderText.md($0.path))`" }.joined(separator: ", ") + ".\n"
        }

        let blocks = TranscriptBlock.blocks(passages)
        // Each claim beside the block holding its first moment in this video; a section's
        // heading before the block holding the first moment of its claims.
        var beside = [[ReportClaim]](repeating: [], count: blocks.count)
        var headings = [[String]](repeating: [], count: blocks.count)
        var cited = [[Int]](repeating: [], count: blocks.count)
        var sectionsSeen = Set<String>()
        let timed = claims.compactMap { c in c.firstSecond(in: id).map { (second: $0, claim: c) } }
            .sorted { ($0.second, $0.claim.notePath, $0.claim.ordinal) < ($1.second, $1.claim.notePath, $1.claim.ordinal) }
        if !blocks.isEmpty {
            for (second, claim) in timed {
                let k = TranscriptBlock.index(of: Double(second), in: blocks)
                beside[k].append(claim)
                if cited[k].last != second { cited[k].append(second) }
                if let section = claim.section.last, sectionsSeen.insert(section.lowercased()).inserted {
                    headings[k].append(section)
                }
            }
        }

        var parts: [RenderedPage.Part] = [.markdown(head)]
        if blocks.isEmpty { parts.append(.markdown("The transcript holds no text.\n")) }
        var sources = LastSource()
        for (k, block) in blocks.enumerated() {
            var md = headings[k].map { "## " + RenderText.md($0) + "\n\n" }.joined()
            let second = Int(block.start)
            let link = moment(Moment(seconds: second, raw: "", form: .url, video: id), noteVideo: id)
            md += "**" + link + (block.speaker.map { " " + RenderText.md($0) + ":" } ?? "") + "** " + RenderText.md(block.text) + "\n"
            if !beside[k].isEmpty {
                var list = MarkdownBody()
                for claim in beside[k] {
                    var line = claimLine(claim) + " — " + sources.of(claim, self)
                    if let speaker = claim.speaker { line += " · " + speakerLink(speaker) }
                    if !claim.figures.isEmpty {
                        line += " · figures: " + claim.figures.map { RenderText.md(RenderText.describe($0)) }.joined(separator: "; ")
                    }
                    list.item(line)
                }
                md += "\n" + list.text
            }
            parts.append(.anchors(["t-\(second)"] + cited[k].filter { $0 != second }.map { "t-\($0)" }))
            parts.append(.markdown(md))
        }
        let uncited = claims.filter { $0.firstSecond(in: id) == nil }
        if !uncited.isEmpty {
            var rest = MarkdownBody()
            for claim in uncited { rest.item(claimLine(claim) + " — " + sources.of(claim, self)) }
            parts.append(.markdown("## Claims without a moment in this video\n\n" + rest.text))
        }
        return RenderedPage(name: plan?.transcripts[id] ?? "transcript-" + RenderText.safeName(id), title: title, parts: parts)
    }

    /// A link to a moment of a video's transcript page; nil when the site has none.
    func transcriptLink(video: String, second: Int) -> String? {
        guard let plan, let page = plan.transcripts[video] else { return nil }
        // Markdown sites link the page (wiki-links reach headings, not kb's anchors).
        return options.html ? "[transcript](\(page).html#t-\(second))" : pageLink(page, "transcript")
    }
}
