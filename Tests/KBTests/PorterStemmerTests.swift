import Testing
@testable import KBAlign

// Porter's stemmer, checked on the examples of his 1980 paper, step by step.

@Test(arguments: [
    // Step 1a and 1b: plurals, -ed, -ing.
    ("caresses", "caress"), ("ponies", "poni"), ("ties", "ti"), ("caress", "caress"), ("cats", "cat"),
    ("feed", "feed"), ("agreed", "agre"), ("plastered", "plaster"), ("bled", "bled"), ("motoring", "motor"),
    ("sing", "sing"), ("conflated", "conflat"), ("troubled", "troubl"), ("sized", "size"), ("hopping", "hop"),
    ("tanned", "tan"), ("falling", "fall"), ("hissing", "hiss"), ("fizzed", "fizz"), ("failing", "fail"),
    ("filing", "file"),
    // Step 1c.
    ("happy", "happi"), ("sky", "sky"),
    // Step 2.
    ("relational", "relat"), ("conditional", "condit"), ("valenci", "valenc"), ("digitizer", "digit"),
    ("vietnamization", "vietnam"), ("predication", "predic"), ("operator", "oper"), ("feudalism", "feudal"),
    ("decisiveness", "decis"), ("hopefulness", "hope"), ("callousness", "callous"), ("formaliti", "formal"),
    ("sensitiviti", "sensit"), ("sensibiliti", "sensibl"),
    // Step 3.
    ("triplicate", "triplic"), ("formative", "form"), ("formalize", "formal"), ("electriciti", "electr"),
    ("electrical", "electr"), ("hopeful", "hope"), ("goodness", "good"),
    // Step 4.
    ("revival", "reviv"), ("allowance", "allow"), ("inference", "infer"), ("airliner", "airlin"),
    ("adjustable", "adjust"), ("defensible", "defens"), ("irritant", "irrit"), ("replacement", "replac"),
    ("adjustment", "adjust"), ("dependent", "depend"), ("adoption", "adopt"), ("homologou", "homolog"),
    ("communism", "commun"), ("activate", "activ"), ("angulariti", "angular"), ("homologous", "homolog"),
    ("effective", "effect"), ("bowdlerize", "bowdler"),
    // Step 5.
    ("probate", "probat"), ("rate", "rate"), ("cease", "ceas"), ("controll", "control"), ("roll", "roll"),
])
func porterStemsHisExamples(word: String, stem: String) {
    #expect(PorterStemmer.stem(word) == stem)
}

@Test func shortAndForeignWordsStayAsTheyAre() {
    for word in ["a", "is", "gpt4", "café", "Ünïcode", ""] { #expect(PorterStemmer.stem(word) == word) }
}

@Test func wordsOfOneFamilyMeetWhereEndingsAloneDoNot() {
    // Invented pairs a claim and a passage use for one idea.
    #expect(AlignText.stem("uniquely") == AlignText.stem("unique"))
    #expect(AlignText.stem("responsibility") == AlignText.stem("responsible"))
    #expect(AlignText.stem("generalization") == AlignText.stem("generalize"))
    #expect(AlignText.stem("connected") == AlignText.stem("connection"))
    #expect(AlignText.stem("hopefulness") == AlignText.stem("hopeful"))
    // Words outside ASCII keep the endings rule.
    #expect(AlignText.stem("cafés") == "café")
}
