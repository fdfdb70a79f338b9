import KBModel
import KBStore
import KBQuery
import KBRender

/// `kb figures` as asked: the request from the words typed, with the command's rules.
package enum FigureQuery {
    /// `min` and `max` are amounts as typed (`1GW`, `$10B`); one with a unit also limits the
    /// figures to that unit, and a unit that differs from `unit` is a usage error.
    package static func request(query: String?, kind: Figure.Kind?, unit: String?, min: String?, max: String?,
                                speaker: String?, video: String?, limit: Int?, sort: FigureSort = .note) throws -> FigureRequest {
        var request = FigureRequest(query: query, kind: kind, unit: unit, speaker: speaker, video: video, limit: limit)
        request.filter.sort = sort
        for (text, isMin) in [(min, true), (max, false)] {
            guard let text else { continue }
            let bound = try FigureBound.parse(text)
            if let u = bound.unit {
                if let given = request.filter.unit, given.lowercased() != u.lowercased() {
                    throw RequestError.conflicting("--\(isMin ? "min" : "max") \(text) is in \(u), but --unit is \(given)")
                }
                request.filter.unit = u
            }
            if isMin { request.filter.min = bound.value } else { request.filter.max = bound.value }
        }
        return request
    }
}

/// `kb figures` as text; empty when there are none.
package enum FigureText {
    package static func text(_ hits: [FigureHit]) -> String {
        var out = ""
        for hit in hits {
            let f = hit.figure
            let who = hit.speaker.map { "  — \($0)" } ?? ""
            out += "\(f.surface)  [\(f.kind.rawValue) \(RenderText.describe(f))]\(who)\n"
            out += "    \(hit.text)\n"
            let link = hit.timestamps.lazy.compactMap { $0.url(noteVideo: hit.video) }.first.map { "  \($0)" } ?? ""
            out += "    \(hit.note):\(hit.line)  claim \(hit.claim)\(link)\n"
        }
        return out
    }
}

/// One figure as `kb figures --format json` prints it.
package struct FigureHitJSON: Encodable {
    var figure: Int64
    var claim: Int64
    var note: String
    var line: Int
    var surface: String
    var kind: String
    var low: Double?
    var high: Double?
    var unit: String
    var bound: String
    var approx: Bool
    var per: String?
    var per_qty: Double?
    var subject: String?
    var speaker: String?
    var video: String?
    var text: String
    var timestamps: [MomentJSON]

    package init(_ hit: FigureHit) {
        figure = hit.id
        claim = hit.claim
        note = hit.note
        line = hit.line
        surface = hit.figure.surface
        kind = hit.figure.kind.rawValue
        low = hit.figure.low
        high = hit.figure.high
        unit = hit.figure.unit
        bound = hit.figure.bound.rawValue
        approx = hit.figure.approx
        per = hit.figure.per
        per_qty = hit.figure.perQuantity
        subject = hit.figure.subject
        speaker = hit.speaker
        video = hit.video
        text = hit.text
        timestamps = MomentJSON.list(hit.timestamps, noteVideo: hit.video)
    }
}
