import KBModel
import KBMarkdown
/// Word lists for the speaker extractor. All entries are lowercase.
enum SpeakerLexicon {
    /// Titles dropped in front of a name.
    static let honorifics: Set<String> = [
        "dr", "dr.", "doctor", "professor", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "dame",
        "madam", "madame", "mx", "mx.", "rev", "rev.", "reverend",
    ]
    static let honorificFilter = WordFilter(honorifics)

    /// Lowercase words that may sit inside a name ("Ludwig van Beethoven", "Charles de Gaulle").
    static let particles: Set<String> = ["de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "bin", "ibn", "al", "el", "dos", "del", "della", "ter", "zu"]

    /// Verbs of saying or thinking, third person singular present. Past forms are derived.
    static let sayingVerbs: [String] = [
        "notes", "argues", "suggests", "believes", "emphasizes", "emphasises", "highlights", "views", "predicts",
        "recounts", "cautions", "contends", "explains", "expresses", "points", "maintains", "specifies", "outlines",
        "disagrees", "agrees", "envisions", "questions", "anticipates", "posits", "describes", "estimates", "adds",
        "attributes", "expects", "foresees", "hopes", "shares", "observes", "acknowledges", "clarifies", "mentions",
        "concludes", "identifies", "states", "counters", "asserts", "discusses", "introduces", "critiques", "likens",
        "stresses", "underscores", "cites", "proposes", "indicates", "elaborates", "references", "opines",
        "advocates", "concedes", "jokes", "challenges", "responds", "thinks", "says", "feels", "recalls", "reflects",
        "remarks", "claims", "insists", "warns", "recommends", "compares", "considers", "doubts", "fears", "wonders",
        "asks", "answers", "admits", "reveals", "reports", "writes", "illustrates", "draws", "offers", "presents",
        "raises", "sees", "regards", "recognizes", "recognises", "underlines", "reiterates", "speculates",
        "theorizes", "hypothesizes", "reasons", "muses", "laments", "criticizes", "criticises", "praises",
        "dismisses", "rejects", "supports", "endorses", "favors", "favours", "prefers", "defends", "advises", "urges",
        "calls", "labels", "characterizes", "frames", "summarizes", "summarises", "declares", "announces",
        "confirms", "denies", "details", "relates", "tells", "suspects", "imagines", "explores", "examines",
        "addresses", "reckons", "concurs", "objects", "emphasizes", "proposes", "envisages", "predicts", "doubts",
        "worries", "argues", "contemplates", "ponders", "narrates", "describes", "characterises", "recommends",
        "acknowledges", "articulates", "delves", "touches", "elucidates", "underscores", "posits", "interprets",
        "attests", "affirms", "insists", "estimates", "calculates", "proposes", "pushes", "counsels", "instructs",
        "teaches", "demonstrates", "shows", "finds", "considers", "regrets", "admires", "credits", "blames",
        "distinguishes", "defines", "identifies", "analyzes", "analyses", "contrasts", "acknowledges", "replies",
        "retorts", "rebuts", "refutes", "disputes", "quips", "confesses", "admits", "discloses", "recollects",
        "reminisces", "speaks", "talks", "comments", "explains", "notes",
        // Reporting verbs of the usual lists for academic and journalistic writing (verbs that
        // report a statement, an argument or a belief), beyond those above.
        "accepts", "alleges", "assumes", "assures", "celebrates", "champions", "complains", "conveys", "contests",
        "deduces", "demands", "discourages", "encourages", "evaluates", "forecasts", "forewarns", "generalizes",
        "guesses", "hints", "implies", "infers", "informs", "justifies", "knows", "lauds", "lists",
        "notices", "postulates", "proclaims", "promises", "promotes", "realizes", "realises", "recaps", "reframes",
        "reminds", "repeats", "stipulates", "supposes", "surmises", "touts", "understands", "voices", "vows",
        "wishes", "depicts", "portrays", "paints", "spells", "sums", "hails", "heralds", "extols", "decries",
        "derides", "bemoans", "mourns", "ridicules", "scoffs", "pleads", "pledges",
    ]

    static let presentForms: Set<String> = Set(sayingVerbs)

    /// Plural verbs whose subject is the people in a conversation ("Ada Lind and Bo Marr discuss").
    static let conversingVerbs: Set<String> = [
        "discuss", "debate", "talk", "explore", "examine", "converse", "chat", "share", "reflect", "consider",
        "delve", "dive", "unpack", "cover", "analyze", "analyse", "trade", "exchange", "compare",
    ]

    static let irregularPast: [String: String] = [
        "says": "said", "thinks": "thought", "tells": "told", "writes": "wrote", "sees": "sees", "draws": "drew",
        "feels": "felt", "foresees": "foresaw", "speaks": "spoke", "finds": "found", "admits": "admitted",
        "prefers": "preferred", "concurs": "concurred", "regrets": "regretted", "quips": "quipped", "shows": "showed",
        "teaches": "taught", "knows": "knew", "understands": "understood", "forecasts": "forecast",
    ]

    /// Every form of the saying verbs: present third person and past.
    static let sayingForms: Set<String> = {
        var out = Set<String>()
        for v in sayingVerbs {
            out.insert(v)
            // "saw" reports seeing, not a view: "sees" maps to itself and has no past form here.
            if let p = irregularPast[v] { out.insert(p); continue }
            if v.hasSuffix("ies") { out.insert(String(v.dropLast(3)) + "ied"); continue }
            let stem = String(v.dropLast())
            out.insert(stem.hasSuffix("e") ? stem + "d" : stem + "ed")
        }
        return out
    }()

    /// Words that may sit between a subject and its verb ("Okafor further elaborates").
    static let subjectAdverbs: Set<String> = [
        "also", "further", "then", "later", "again", "too", "similarly", "even", "still", "often", "repeatedly",
        "initially", "ultimately", "additionally", "furthermore", "moreover", "himself", "herself", "likewise",
        "subsequently", "first", "next", "finally", "now", "once", "thus", "therefore", "nonetheless",
        "nevertheless", "however", "instead", "specifically", "particularly", "personally", "candidly", "openly",
        "boldly", "explicitly", "famously", "notably", "previously", "frequently", "consistently", "generally",
        "actually", "really", "directly", "clearly", "briefly", "strongly", "firmly", "optimistically",
    ]

    /// Phrases after which the names of people taking part in the video follow.
    static let conversationCues: [[String]] = [
        ["discussed", "by"], ["discussion", "with"], ["discussion", "between"], ["discussions", "with"],
        ["conversation", "with"], ["conversation", "between"], ["conversations", "with"],
        ["interview", "with"], ["interviewed", "by"], ["interviewing"], ["interviews"], ["welcomes"], ["welcomed"],
        ["debate", "between"], ["debate", "with"], ["debating"], ["dialogue", "between"], ["dialogue", "with"],
        ["moderated", "by"], ["hosted", "by"], ["podcast", "with"], ["episode", "with"], ["episode", "featuring"],
        ["featuring"], ["joined", "by"], ["speaks", "with"], ["talks", "with"], ["spoke", "with"], ["talked", "with"],
        ["sat", "down", "with"], ["sits", "down", "with"], ["chat", "with"], ["chats", "with"], ["panel", "with"],
        ["lecture", "by"], ["talk", "by"], ["presented", "by"], ["narrated", "by"], ["exchange", "between"],
        ["exchange", "with"], ["q&a", "with"], ["guest"], ["guests"], ["host"], ["hosts"], ["co-host"],
        ["interviewer"], ["moderator"], ["panelist"], ["panelists"], ["speaker"], ["lecturer"], ["presenter"],
    ]

    static let cuesByFirstWord: [String: [[String]]] = Dictionary(grouping: conversationCues, by: { $0[0] })
    static let cueFirstWords = WordFilter(cuesByFirstWord.keys)

    /// Cues that list the participants of this very video, not a guest the notes may cite from elsewhere.
    static let strongCues: Set<String> = [
        "discussion between", "conversation between", "debate between", "dialogue between",
        "moderated by", "hosted by", "joined by", "exchange between", "panel with", "narrated by", "interviewed by", "episode featuring", "guest", "guests", "host", "hosts",
        "co-host", "interviewer", "moderator", "panelist", "panelists", "speaker", "lecturer", "presenter",
    ]

    /// Nouns for the video itself or its summary ("this article", "the podcast").
    static let selfNouns: Set<String> = ["article", "note", "summary", "episode", "podcast", "video", "conversation", "interview", "discussion", "lecture", "talk", "session", "debate"]

    /// Words showing that a note summarizes a conversation or talk.
    static let talkWords: Set<String> = [
        "podcast", "interview", "conversation", "episode", "discussion", "dialogue", "debate", "lecture", "talk",
        "panel", "guest", "host", "interviewer", "chat", "q&a", "keynote", "seminar",
    ]
    static let talkWordFilter = WordFilter(talkWords)

    /// Capitalised words that are not parts of a person's name.
    static let nonPerson: Set<String> = {
        var s = Set<String>()
        let groups: [String] = [
            // function words and sentence openers
            "the a an this that these those there their they them then than when where what which who whom whose why how",
            "however moreover furthermore additionally although though while whereas despite during after before since",
            "because if unless until once also still yet even but and or nor so for of in on at by to from with within",
            "without into onto upon about above below between among through throughout across over under around",
            "as like unlike such both each every all any some many most much more less few several other another",
            "his her hers its our ours your yours my mine we he she it i you me us him one two three four five six seven",
            "eight nine ten first second third last next new old early late modern ancient great greater little big",
            "according regarding following including considering given rather instead indeed overall ultimately",
            "finally similarly likewise meanwhile thus therefore hence here now today yesterday tomorrow not no yes",
            "is are was were be been being has have had do does did would could should might must shall",
            "let see note notes according say says said think thinks believe believes argue argues in-depth key main",
            "part chapter section introduction conclusion summary overview background example examples case study",
            "further reading references related topics see also article video videos episode podcast interview lecture",
            "host guest speaker narrator author interviewer moderator panel discussion conversation debate talk",
            // calendar
            "january february march april may june july august september october november december",
            "monday tuesday wednesday thursday friday saturday sunday spring summer autumn fall winter",
            // titles and roles
            "president prime minister king queen prince princess emperor empress chairman chairwoman ceo cto cfo",
            "founder cofounder co-founder director chief general admiral colonel captain senator governor mayor pope",
            "saint st st. lord lady duke duchess count baron judge justice secretary ambassador chancellor premier",
            "professor dr doctor mr mrs ms sir dame minister officer commander lieutenant sergeant major",
            // organisations and places, generic
            "university college school institute institution academy laboratory lab labs company corporation corp",
            "industrial industries motors shipbuilding electronics heavy chemical steel semiconductor semiconductors airlines energy oil gas technologies technology systems software pharmaceuticals",
            "inc inc. ltd llc group holdings ventures capital partners fund foundation bank trust association society",
            "council committee commission congress senate parliament house court ministry department agency army",
            "navy air force corps party union league federation republic kingdom empire dynasty state states nation",
            "nations city county province region district street avenue road river valley mountain mountains ocean",
            "sea lake island islands bay gulf desert coast north south east west northern southern eastern western",
            "central middle upper lower act law treaty accord agreement war wars revolution movement project program",
            "programme initiative mission plan policy doctrine theory theorem principle effect paradox equation",
            "model models system systems network networks index report prize award conference summit olympics",
            "church temple mosque bible quran god gods jesus christ allah lord buddha heaven hell earth moon sun mars",
            "venus jupiter saturn mercury galaxy universe internet web online digital global world international",
            "national federal royal imperial soviet communist socialist democratic republican liberal conservative",
            "labour labor green black white red blue yellow gold silver times post journal review magazine news",
            "press media times book books edition volume series season show channel studio studios records",
            "experience hour radio tv live daily weekly podcasts pod cast summit keynote masterclass",
            "game games cup league club team ai agi asi llm llms gpu gpus cpu api",
            // places
            "america american americans usa us uk britain british england english scotland scottish wales welsh",
            "ireland irish france french germany german germans italy italian spain spanish portugal portuguese",
            "netherlands dutch belgium sweden swedish norway norwegian denmark danish finland finnish poland polish",
            "russia russian russians ukraine ukrainian china chinese japan japanese korea korean koreans taiwan",
            "taiwanese india indian indians pakistan pakistani iran iranian iraq israel israeli egypt egyptian",
            "turkey turkish greece greek greeks rome roman romans persia persian arab arabia arabic saudi africa",
            "african asia asian europe european europeans australia australian canada canadian mexico mexican",
            "brazil brazilian argentina chile peru cuba vietnam vietnamese singapore singaporean malaysia indonesia",
            "thailand philippines hong kong beijing shanghai tokyo london paris berlin moscow washington california",
            "texas york francisco silicon vegas angeles boston chicago seattle geneva vienna venice athens sparta",
            "byzantine ottoman mongol mongols manchu qing zhou mughal british-",
            "atlantic pacific arctic antarctic mediterranean latin western-",
            // companies and products
            "google alphabet microsoft apple amazon meta facebook instagram whatsapp openai anthropic deepmind nvidia",
            "intel amd tsmc samsung tesla spacex twitter x youtube netflix uber airbnb stripe ibm oracle huawei",
            "xiaomi alibaba tencent baidu bytedance tiktok sony toyota nissan honda gm boeing airbus asml",
            "qualcomm broadcom hp hewlett-packard compaq cisco motorola nokia ericsson xerox kodak",
            "chatgpt gpt gemini bard llama copilot windows iphone ipad android linux wikipedia reddit",
            "bitcoin ethereum crypto blockchain nasa darpa nato un eu imf who fda sec fed cia fbi nsa",
            "manim python excel mathematica",
        ]
        for g in groups { for w in g.split(separator: " ") { s.insert(String(w)) } }
        return s
    }()
    static let nonPersonFilter = WordFilter(nonPerson)

    /// Words in a video title that mark a show rather than a guest ("Lex Fridman Podcast #256").
    static let showWords: Set<String> = ["podcast", "experience", "show", "hour", "radio", "live", "tv", "channel", "episode", "ep", "ep.", "part", "pt", "pt.", "vol", "vol."]
}
