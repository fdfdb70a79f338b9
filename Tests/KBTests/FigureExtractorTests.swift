import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// Every sentence here is written for these tests; none comes from the corpus or gold sets.

private let ex = FigureExtractor()

/// A compact view of one figure for comparisons.
private struct F: Equatable, CustomStringConvertible {
    var kind: Figure.Kind
    var low: Double?
    var high: Double?
    var unit: String
    var bound: Figure.Bound = .eq
    var approx = false
    var per: String? = nil
    var perQ: Double? = nil

    init(_ kind: Figure.Kind, _ low: Double?, _ high: Double? = .infinity, _ unit: String, _ bound: Figure.Bound = .eq,
         approx: Bool = false, per: String? = nil, perQ: Double? = nil) {
        self.kind = kind; self.low = low; self.high = high == .infinity ? low : high; self.unit = unit
        self.bound = bound; self.approx = approx; self.per = per; self.perQ = per != nil ? (perQ ?? 1) : nil
    }

    init(_ kind: Figure.Kind, _ value: Double?, _ unit: String, approx: Bool = false, per: String? = nil, perQ: Double? = nil) {
        self.init(kind, value, value, unit, .eq, approx: approx, per: per, perQ: perQ)
    }

    init(_ f: Figure) {
        kind = f.kind; low = f.low; high = f.high; unit = f.unit; bound = f.bound; approx = f.approx
        per = f.per; perQ = f.perQuantity
    }

    static func == (a: F, b: F) -> Bool {
        a.kind == b.kind && FigureEvaluation.close(a.low, b.low) && FigureEvaluation.close(a.high, b.high)
            && a.unit == b.unit && a.bound == b.bound && a.approx == b.approx && a.per == b.per
            && FigureEvaluation.close(a.perQ, b.perQ)
    }

    var description: String {
        "\(kind) \(low.map { "\($0)" } ?? "nil")..\(high.map { "\($0)" } ?? "nil") \(unit) \(bound)\(approx ? " ~" : "")\(per.map { " /\($0)" } ?? "")"
    }
}

private func figs(_ s: String) -> [F] { ex.figures(in: s).map(F.init) }

// MARK: - Money, scale and ranges

@Test func currencySymbolWithScaleWord() {
    #expect(figs("The startup raised $40 million last spring.") == [F(.money, 4e7, "USD")])
}

@Test func scaleSuffixNextToCurrency() {
    #expect(figs("A $2.5B bond and a $300M loan were issued.") == [F(.money, 2.5e9, "USD"), F(.money, 3e8, "USD")])
}

@Test func rangeSharesScaleAndCurrency() {
    #expect(figs("The dam will cost $6-8 billion to finish.") == [F(.money, 6e9, 8e9, "USD", .range)])
}

@Test func rangeSharesRate() {
    #expect(figs("Spot instances rent for $1-2/hour in most regions.") == [F(.money, 1, 2, "USD", .range, per: "h")])
}

@Test func currencyWordsAndAdjectives() {
    #expect(figs("The loan was 5 billion Canadian dollars.") == [F(.money, 5e9, "CAD")])
    #expect(figs("Farmers earned 300 rupees a day.") == [F(.money, 300, "INR", per: "day")])
    #expect(figs("The bill came to 12,000 yen.") == [F(.money, 12000, "JPY")])
}

@Test func indianScaleWords() {
    #expect(figs("The scheme paid ₹4 crore to farmers.") == [F(.money, 4e7, "INR")])
}

@Test func trailingIsoCodeIsAbsorbed() {
    #expect(figs("It was worth $7 billion USD at the peak.") == [F(.money, 7e9, "USD")])
}

@Test func betweenAndIsOneRange() {
    #expect(figs("Estimates put losses between 40 and 60 million euros.") == [F(.money, 4e7, 6e7, "EUR", .range)])
}

@Test func moneyByContextInheritsSentenceCurrency() {
    let f = figs("The mill lost 3 million pesos in 1990, and its partners were losing millions too.")
    #expect(f.count == 3)
    #expect(f.last == F(.money, 1e6, nil, "PHP", .ge))
}

// MARK: - Scale words need a unit or noun

@Test func bareSuffixScaleIsNotAFigure() {
    #expect(figs("The Falcon 9B rocket flew again.").isEmpty)
}

@Test func sizeSuffixBeforeModelIsParameterCount() {
    let f = ex.figures(in: "They released a 30B model for research.")
    #expect(f.count == 1)
    #expect(f.first?.low == 3e10 && f.first?.unit == "count" && f.first?.subject == "parameter")
}

@Test func scaledBareNumberIsACount() {
    #expect(figs("By then the archive held 40 million.") == [F(.count, 4e7, "count")])
}

// MARK: - Scientific notation

@Test func scientificNotationForms() {
    #expect(figs("A run of 3e25 FLOP was reported.") == [F(.compute, 3e25, "FLOP")])
    #expect(figs("That is 10^24 FLOPs of training.") == [F(.compute, 1e24, "FLOP")])
    #expect(figs("Roughly 2×10^26 FLOP were used.") == [F(.compute, 2e26, "FLOP", approx: true)])
}

@Test func computeRates() {
    #expect(figs("The machine peaks at 1.1 exaflops.") == [F(.compute, 1.1e18, "FLOP/s")])
}

// MARK: - Bounds and hedges

@Test func boundWords() {
    #expect(figs("More than 400 ships sank.") == [F(.count, 400, nil, "count", .gt)])
    #expect(figs("At least 12 engineers quit.") == [F(.count, 12, nil, "count", .ge)])
    #expect(figs("It weighs under 3 kilograms.") == [F(.other, nil, 3, "kg", .lt)])
    #expect(figs("Batteries last up to 9 hours.") == [F(.duration, nil, 32400, "s", .le)])
    #expect(figs("Tickets cost $20 or less.") == [F(.money, nil, 20, "USD", .le)])
    #expect(figs("Growth of 8% or more is rare.") == [F(.percent, 8, nil, "%", .ge)])
}

@Test func hedgeWords() {
    #expect(figs("About 70% of the lake dried up.") == [F(.percent, 70, "%", approx: true)])
    #expect(figs("The tunnel is ~4 km long.") == [F(.other, 4000, "m", approx: true)])
    #expect(figs("An estimated 9,000 workers joined.") == [F(.count, 9000, "count", approx: true)])
}

@Test func boundAndHedgeTogether() {
    #expect(figs("Fares fell to around $3/day or less.") == [F(.money, nil, 3, "USD", .le, approx: true, per: "day")])
}

@Test func justOverIsABoundNotAHedge() {
    #expect(figs("The vote passed with just over 50%.") == [F(.percent, 50, nil, "%", .gt)])
}

@Test func hedgeSpreadsOverAList() {
    #expect(figs("The alloy is roughly 60% copper and 40% zinc.")
        == [F(.percent, 60, "%", approx: true), F(.percent, 40, "%", approx: true)])
}

@Test func boundOnARangeKeepsTheRange() {
    #expect(figs("Yields improved by up to 15-20%.") == [F(.percent, 15, 20, "%", .range)])
}

@Test func vaguePluralsAreLowerBounds() {
    #expect(figs("Thousands of volunteers came.") == [F(.count, 1000, nil, "count", .ge)])
    #expect(figs("The grid needs tens of gigawatts.") == [F(.power, 1e10, nil, "W", .ge)])
}

@Test func wordsWithoutNumbersAreNotFigures() {
    #expect(figs("Several firms made multibillion bets on gigawatt-scale sites.").isEmpty)
}

// MARK: - Masking non-figures

@Test func modelAndProductNamesAreHidden() {
    #expect(figs("The Zeta-7 and the RX480 both beat the Orion 3 on this task.").isEmpty)
    #expect(figs("Version 2.1 of the Falcon 40 release is out.").isEmpty)
}

@Test func nameNextToACountIsTheSubject() {
    let f = ex.figures(in: "The lab ordered 2,048 Falcon 9Xs last year.")
    #expect(f.count == 1)
    #expect(f.first?.low == 2048 && f.first?.subject == "Falcon 9X")
}

@Test func familySizeIsPartOfTheName() {
    #expect(figs("We compared Vega 2 13B against older baselines.").isEmpty)
}

@Test func ordinalsRanksAndLabelsAreHidden() {
    #expect(figs("She finished 3rd, behind the 21st seed, in Round 4 and the top 10.").isEmpty)
    #expect(figs("See Figure 12 and Table 3 in Chapter 2.").isEmpty)
}

@Test func dayOfMonthIsHiddenButTheYearStays() {
    #expect(figs("On June 14, 1998, the plant opened.") == [F(.year, 1998, "year")])
}

@Test func quotedTitlesAreHidden() {
    #expect(figs("His book \"Seven Ways To 100 Percent\" sold well.").isEmpty)
}

@Test func quotedPhraseWithAFigureIsKept() {
    #expect(figs("He called it a \"$5 gadget\" at launch.") == [F(.money, 5, "USD")])
}

@Test func urlsSlugsAndTimestampsAreHidden() {
    #expect(figs("See https://example.com/page/42 or notes_2019_draft at 01:12:33 later.").isEmpty)
}

@Test func oneAsDeterminerIsNotAFigure() {
    #expect(figs("One engineer said one of the valves leaked.").isEmpty)
}

@Test func bareSmallIntegersAreNotFigures() {
    #expect(figs("Options 2 and 5 were dropped.").isEmpty)
}

@Test func capitalizedNumberWordMidSentenceIsAName() {
    #expect(figs("They toured the Seven Sisters cliffs.").isEmpty)
}

// MARK: - Years, decades, nodes

@Test func yearsAreNeverQuantities() {
    #expect(figs("In 1987 the firm moved.") == [F(.year, 1987, "year")])
    #expect(figs("A 1967 Ford Mustang was sold.") == [F(.year, 1967, "year")])
}

@Test func yearRangesAndDecades() {
    #expect(figs("During 2031-2033 the plan runs.") == [F(.year, 2031, 2033, "year", .range)])
    #expect(figs("It was popular in the 1970s.") == [F(.year, 1970, 1979, "year", .range)])
    #expect(figs("Plans for 2030-32 are public.") == [F(.year, 2030, 2032, "year", .range)])
}

@Test func monthWithYearKeepsTheYear() {
    #expect(figs("The merger closed in October 2011.") == [F(.year, 2011, "year")])
}

@Test func eraYears() {
    #expect(figs("The walls date to 440 BC.") == [F(.year, -440, "year")])
}

@Test func yearOrYearIsTwoYears() {
    #expect(figs("Launch slipped to 2027 or 2028.") == [F(.year, 2027, "year"), F(.year, 2028, "year")])
}

@Test func fromYearToYearIsOnePeriod() {
    #expect(figs("He ruled from 1804 to 1815.") == [F(.year, 1804, 1815, "year", .range)])
}

@Test func processNodesAreNotLengths() {
    #expect(figs("The foundry moved to 3nm in volume.") == [F(.node, 3, "nm")])
    #expect(figs("A 28-nanometer process is cheap.") == [F(.node, 28, "nm")])
    #expect(figs("They skipped N5 entirely.") == [F(.node, 5, "nm")])
}

@Test func otherNanometreLengthsAreMetres() {
    #expect(figs("The virus is 120 nanometers across.") == [F(.other, 1.2e-7, "m")])
}

// MARK: - Units

@Test func powerAndEnergy() {
    #expect(figs("The site draws 1.5 GW and used 900 GWh last year.")
        == [F(.power, 1.5e9, "W"), F(.energy, 9e11, "Wh")])
}

@Test func dataSizesAreDecimalBytes() {
    #expect(figs("Each node has 512 GB of memory and 4TB of disk.") == [F(.data, 5.12e11, "B"), F(.data, 4e12, "B")])
}

@Test func durationsInSeconds() {
    #expect(figs("The voyage took nine months.") == [F(.duration, 9 * 2_629_800, "s")])
    #expect(figs("A 12-year program began.") == [F(.duration, 12 * 31_557_600, "s")])
    #expect(figs("Ice formed 40,000 years ago.") == [F(.duration, 40000 * 31_557_600, "s")])
}

@Test func impliedDurationsNeedAnArticle() {
    #expect(figs("It took more than a decade.") == [F(.duration, 315_576_000, nil, "s", .gt)])
    #expect(figs("The war lasted half a century.") == [F(.duration, 1_577_880_000, "s")])
}

@Test func withinBoundsOnlyDurations() {
    #expect(figs("He solved it within 3 tries.") == [F(.count, 3, "count")])
    #expect(figs("Delivery within 2 days.") == [F(.duration, nil, 172_800, "s", .le)])
}

@Test func massLengthAndSpeed() {
    #expect(figs("The mine shipped 2 million tonnes.") == [F(.other, 2e9, "kg")])
    #expect(figs("The probe moved at 15 kilometers per second.") == [F(.other, 15000, "m", per: "s")])
    #expect(figs("Trains reach 200 mph.") == [F(.other, 200 * 1609.344, "m", per: "h")])
}

@Test func barrelsKeepTheirUnit() {
    #expect(figs("The field pumps 300,000 barrels a day.") == [F(.other, 300_000, "bbl", per: "day")])
}

@Test func temperatureInKelvin() {
    #expect(figs("Water boils at 100 degrees Celsius.") == [F(.other, 373.15, "K")])
}

// MARK: - Ratios and percentages

@Test func multipliers() {
    #expect(figs("Chips got 4x faster and used 3 times less power.") == [F(.ratio, 4, "x"), F(.ratio, 3, "x")])
    #expect(figs("Demand grew sixfold and then 12-fold.") == [F(.ratio, 6, "x"), F(.ratio, 12, "x")])
    #expect(figs("Costs dropped by a factor of 8.") == [F(.ratio, 8, "x")])
}

@Test func fractions() {
    #expect(figs("Nearly half of the staff left.") == [F(.ratio, 0.5, "1", approx: true)])
    #expect(figs("A quarter of all exports went north.") == [F(.ratio, 0.25, "1")])
    #expect(figs("Three-fifths of voters agreed.") == [F(.ratio, 0.6, "1")])
}

@Test func percentWords() {
    #expect(figs("Only three percent passed.") == [F(.percent, 3, "%")])
    #expect(figs("Rates of 12 per cent were common.") == [F(.percent, 12, "%")])
}

// MARK: - Counts and subjects

@Test func countsTakeTheirNounAsSubject() {
    let f = ex.figures(in: "The fleet had 212 cargo ships and 3,400 sailors.")
    #expect(f.map(\.subject) == ["cargo ship", "sailor"])
    #expect(f.map(\.kind) == [.count, .count])
}

@Test func irregularPluralsAreSingularized() {
    #expect(ex.figures(in: "The town lost 800 people.").first?.subject == "person")
}

@Test func numberWordCounts() {
    #expect(figs("Twenty-five divers and two hundred guests attended.") == [F(.count, 25, "count"), F(.count, 200, "count")])
}

@Test func hyphenatedCountCompound() {
    #expect(ex.figures(in: "It is a four-person team.").first?.subject == "person")
    #expect(figs("A 3-adic expansion converges.").isEmpty)
}

// MARK: - Rates

@Test func rateForms() {
    #expect(figs("Output was 40 cars/day.") == [F(.count, 40, "count", per: "day")])
    #expect(figs("Tokens cost $2 per million tokens.") == [F(.money, 2, "USD", per: "token", perQ: 1e6)])
    #expect(figs("Teachers earned 900 euros a month.") == [F(.money, 900, "EUR", per: "month")])
    #expect(figs("The fund spends $6 billion annually.") == [F(.money, 6e9, "USD", per: "year")])
}

@Test func rateAdverbAFewWordsLater() {
    #expect(figs("About 2 million tablets are shipped to schools annually.")
        == [F(.count, 2e6, "count", approx: true, per: "year")])
}

@Test func rateAdjectiveBeforeTheFigure() {
    #expect(figs("The typical monthly rent in 1990 was $300.") == [F(.year, 1990, "year"), F(.money, 300, "USD", per: "month")])
}

@Test func danglingRateGovernsLaterFigures() {
    let f = figs("The price per thousand words fell from $8 to $2.")
    #expect(f == [F(.money, 8, "USD", per: "word", perQ: 1000), F(.money, 2, "USD", per: "word", perQ: 1000)])
}

/// A rate word in a clause of its own (after who, which, while, …) belongs to that clause's
/// verb: it does not reach a figure across the clause's first word, backward or forward.
@Test func aRateWordDoesNotCrossIntoAnotherClause() {
    #expect(figs("The mill sold 3 million bags to farmers who reorder them per year.") == [F(.count, 3e6, "count")])
    #expect(figs("Visits came weekly, which was a lot for a $40 service.") == [F(.money, 40, "USD")])
    #expect(figs("Income per capita is ~$2k, while a few own millions.")
        == [F(.money, 2000, "USD", approx: true, per: "person"), F(.count, 1e6, nil, "count", .ge)])
    // Within one clause the rate still reaches its figure a few words back.
    #expect(figs("About 2 million tablets are shipped to schools annually.")
        == [F(.count, 2e6, "count", approx: true, per: "year")])
}

// MARK: - Changes and coordination

@Test func fromToChangeLinksTwoFigures() {
    let f = ex.figures(in: "Output rose from 30 tonnes in 1950 to 90 tonnes by 1960.")
    #expect(f.count == 4)
    #expect(f[0].linkedTo == 2 && f[2].linkedTo == 0)
    #expect(f[1].kind == .year && f[3].kind == .year)
}

@Test func changeTargetInheritsTheUnit() {
    let f = figs("Debt climbed from 2.1 trillion won to 3.4 trillion.")
    #expect(f == [F(.money, 2.1e12, "KRW"), F(.money, 3.4e12, "KRW")])
}

@Test func coordinatedBareNumberSharesTheUnit() {
    #expect(figs("A 20 or 25-minute wait.") == [F(.duration, 1200, "s"), F(.duration, 1500, "s")])
    #expect(figs("It lasted 5,000 years rather than 3,000 ... or 800 years instead of 600.").count == 4)
}

@Test func multipliesBy() {
    #expect(figs("This multiplies the total by 12.") == [F(.ratio, 12, "x")])
}

@Test func offsetsAreUnicodeScalarOffsets() {
    let text = "Café “prices” hit €4 today."
    let f = ex.figures(in: text)
    #expect(f.count == 1)
    let scalars = Array(text.unicodeScalars)
    var v = String.UnicodeScalarView()
    v.append(contentsOf: scalars[f[0].start..<f[0].end])
    #expect(String(v) == "€4")
    #expect(f[0].surface == "€4")
}

@Test func emptyAndDigitFreeTextIsFast() {
    #expect(ex.figures(in: "").isEmpty)
    #expect(ex.figures(in: "No numbers at all here.").isEmpty)
}

// Issue 18: numbers in statements of maths are no amounts (gold guide rule 1: math symbols).
@Test func aBareNumberBeforeAVerbIsNoFigure() {
    let extractor = FigureExtractor()
    #expect(extractor.figures(in: "Scaling any arrow by 0 yields the null arrow.").isEmpty)
    #expect(extractor.figures(in: "A slope of 1 means the line rises as fast as it runs.").isEmpty)
    #expect(extractor.figures(in: "Multiplying the basis by 1 gives the same space.").isEmpty)
    // Real amounts around the same words stay.
    #expect(extractor.figures(in: "The team bought 3 kilns for the workshop.").map(\.low) == [3])
    #expect(extractor.figures(in: "Tariffs multiply the price by 4 overnight.").map(\.unit) == ["x"])
    #expect(extractor.figures(in: "The mill shipped 40,000 bolts a month.").first?.per == "month")
    #expect(extractor.figures(in: "Three crews that work together review the plan.").map(\.low) == [3])
    #expect(extractor.figures(in: "Farmers saw 20 yields of wheat fail that decade.").first?.subject == "yield")
    #expect(extractor.figures(in: "Posts with zero replies that still spread are rare.").first?.subject == "reply")
}
