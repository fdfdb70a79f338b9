import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import KBAnswers
import ArgumentParser
import Foundation

extension Figure.Kind: ExpressibleByArgument {}
extension FigureSort: ExpressibleByArgument {}

struct Figures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "List the amounts stated in claims, filtered by kind, unit, range, speaker or video.",
        discussion: """
            Every figure is stored in a canonical unit: money in its ISO currency (USD for $), power in W, \
            energy in Wh, compute in FLOP (FLOP/s for rates), data in bytes, durations in s, percentages in %, \
            counts as count, multipliers as x, years as year, process nodes in nm. Text output shows \
            each amount in the unit people write (1.5 GW, $4–5B, 15 years); --format json gives the \
            canonical numbers.

            --min and --max take an amount with its unit (1GW, '$10B', 20%, 1e27) and compare in the \
            canonical unit; an amount with a unit also limits the figures to that unit. --min keeps \
            figures whose upper end reaches the amount, --max those whose lower end is at most it; \
            "over X" and "under X" count as X. So "10 gigawatts", "1.2 GW" and "over a gigawatt" all \
            answer --min 1GW, and "$4-5 billion" answers --min '$3B'.

            Examples:
              kb figures --kind power --min 1GW
              kb figures "H100" --kind money --unit USD
              kb figures --speaker Patel --format json
            """)

    @Argument(help: "Only figures of claims matching these search words (kb search syntax).")
    var query: String?

    @Option(help: ArgumentHelp("Only this kind: \(Figure.Kind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: Figure.Kind?

    @Option(help: ArgumentHelp("Only this canonical unit (W, USD, %, FLOP, count, s, B, …).", valueName: "unit"))
    var unit: String?

    @Option(help: ArgumentHelp("Only figures whose upper end reaches this amount (1GW, '$10B', 20%).", valueName: "amount"))
    var min: String?

    @Option(help: ArgumentHelp("Only figures whose lower end is at most this amount.", valueName: "amount"))
    var max: String?

    @Option(help: ArgumentHelp("Only claims attributed to this speaker (full name or surname).", valueName: "name"))
    var speaker: String?

    @Option(help: ArgumentHelp("Only notes of this video: its YouTube id, or a note about it.", valueName: "id"))
    var video: String?

    @Option(help: "At most this many figures (default: all).")
    var limit: Int?

    @Option(help: ArgumentHelp("Order: note (note by note, default), value (largest first, unit by unit) or time (video by video, by the cited moment).", valueName: "order"))
    var sort: FigureSort = .note

    @OptionGroup var database: DatabaseOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try guarded {
            let request = try FigureQuery.request(query: query, kind: kind, unit: unit, min: min, max: max,
                                                  speaker: speaker, video: video, limit: limit, sort: sort)
            let store = try Store(path: database.path, readOnly: true)
            let hits = try store.figures(request)
            switch format {
            case .json: try Output.printJSON(hits.map(FigureHitJSON.init))
            case .text:
                guard !hits.isEmpty else { return Output.printError("no figures match") }
                Output.printText(FigureText.text(hits))
            }
        }
    }
}
