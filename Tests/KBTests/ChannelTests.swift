import Testing
import Foundation
@testable import KBModel
@testable import KBStore
@testable import KBQuery
@testable import KBIndex

// `kb channels`: one show under two names is one channel (Store+Channels.swift).

@Test func namesThatShareMostVideosOrADisplayNameAreOneChannel() {
    typealias E = Store.ChannelEvidence
    let folder = E(name: "kilncast", title: nil, notes: 9, videos: ["v1", "v2", "v3", "v4", "v5"])
    let wiki = E(name: "kiln", title: "The Kiln Cast", notes: 4, videos: ["v1", "v2", "v3"])
    let guest = E(name: "glazeshow", title: nil, notes: 6, videos: ["v4", "v5", "g1", "g2"])
    let relabelled = E(name: "kiln_cast_archive", title: "the kiln cast", notes: 1, videos: ["x9"])
    let merged = Store.mergeChannels([guest, wiki, folder, relabelled])
    #expect(merged == [
        ChannelSummary(name: "kilncast", title: "The Kiln Cast", otherNames: ["kiln", "kiln_cast_archive"], notes: 14, videos: 6),
        ChannelSummary(name: "glazeshow", title: nil, otherNames: [], notes: 6, videos: 4),
    ])
}

/// Three videos of one show, each with a note in the show's folder (`kilncast`) and one in a
/// wiki that names the show `kiln`, labelled "The Kiln Cast"; indexed.
private func indexOneShowUnderTwoNames(in folder: TempFolder) throws -> Store {
    for (n, video) in ["vidKILN0001", "vidKILN0002", "vidKILN0003"].enumerated() {
        try folder.write("c/kilncast/ep\(n).md", noteText(title: "Episode \(n)", videoID: video,
                                                          "From: [[kilncast]]\n\nKilns fire stoneware slowly \(anchor("00:01:0\(n)")).\n"))
        try folder.write("c/wiki/topic\(n).md", noteText(title: "Topic \(n)", videoID: video,
                                                         "From: [[kiln | The Kiln Cast]]\n\nA kiln cools overnight \(anchor("00:02:0\(n)")).\n"))
    }
    let store = try Store(path: folder.path("kb.sqlite"))
    _ = try Indexer(store: store).run(paths: [folder.path("c")])
    return store
}

@Test func aChannelFilterFindsTheNotesOfEveryNameOfTheShow() throws {
    let folder = try TempFolder("kb-channels")
    defer { folder.cleanup() }
    let store = try indexOneShowUnderTwoNames(in: folder)
    // Three notes each: the tie goes to the name that sorts first.
    #expect(try store.channels() == [ChannelSummary(name: "kiln", title: "The Kiln Cast", otherNames: ["kilncast"], notes: 6, videos: 3)])
    for name in ["kiln", "kilncast", "The Kiln Cast"] {
        #expect(try store.search(SearchRequest(query: "kiln OR kilns", channel: name)).count == 6, "\(name)")
    }
}

@Test func verifyCountsOneShowUnderTwoNamesOnce() throws {
    let folder = try TempFolder("kb-channels-verify")
    defer { folder.cleanup() }
    let store = try indexOneShowUnderTwoNames(in: folder)
    let report = try Verify.report(VerifyScope(), in: store)
    #expect(report.channels.map(\.channel) == ["kiln"])
    #expect(report.channels.first?.counts.total == 6)
    #expect(report.channels.first?.counts.noTranscript == 6)
}

@Test func aSaidChannelFilterFindsTheTranscriptsOfEveryNameOfTheShow() throws {
    let folder = try TempFolder("kb-channels-said")
    defer { folder.cleanup() }
    for (n, video) in ["vidKILN0001", "vidKILN0002", "vidKILN0003", "vidKILN0004"].enumerated() {
        try folder.write("c/kilncast/ep\(n).md", noteText(title: "Episode \(n)", videoID: video,
                                                          "From: [[kilncast]]\n\nKilns fire stoneware slowly \(anchor("00:01:0\(n)")).\n"))
        guard n < 3 else { continue }
        try folder.write("c/wiki/topic\(n).md", noteText(title: "Topic \(n)", videoID: video,
                                                         "From: [[kiln | The Kiln Cast]]\n\nA kiln cools overnight \(anchor("00:02:0\(n)")).\n"))
    }
    // Transcripts in a folder named after neither: one of a video both names have notes of,
    // one of a video only the folder's notes have.
    try folder.write("t/Firing day [vidKILN0001].en.srt", "1\n00:00:01,000 --> 00:00:04,000\nThe kiln glows orange at night.\n")
    try folder.write("t/Cold kilns [vidKILN0004].en.srt", "1\n00:00:01,000 --> 00:00:04,000\nA cold kiln cracks the glaze.\n")
    let store = try Store(path: folder.path("kb.sqlite"))
    _ = try Indexer(store: store).run(paths: [folder.path("c"), folder.path("t")])
    #expect(try store.channels().map(\.otherNames) == [["kiln"]])
    for name in ["kiln", "kilncast", "The Kiln Cast"] {
        let hits = try store.searchSaid(SearchRequest(query: "kiln", channel: name)).hits
        #expect(Set(hits.compactMap(\.video)) == ["vidKILN0001", "vidKILN0004"], "\(name)")
    }
}
