import KBModel
import KBStore

/// `kb channels` as text: one line a channel, with its other names when it has some.
package enum ChannelText {
    package static func channels(_ all: [ChannelSummary]) -> String {
        var out = ""
        for c in all {
            out += "\(c.name)\t\(c.title ?? "")\t\(c.notes) notes\t\(c.videos) videos"
            if !c.otherNames.isEmpty { out += "\t(also " + c.otherNames.joined(separator: ", ") + ")" }
            out += "\n"
        }
        return out
    }
}

package struct ChannelJSON: Encodable {
    var name: String
    var title: String?
    var other_names: [String]
    var notes: Int
    var videos: Int

    package init(_ c: ChannelSummary) {
        name = c.name
        title = c.title
        other_names = c.otherNames
        notes = c.notes
        videos = c.videos
    }
}
