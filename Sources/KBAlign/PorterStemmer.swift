/// Porter's stemming algorithm (M. F. Porter, "An algorithm for suffix stripping", 1980), the
/// one FTS5's `porter` tokenizer applies to the index: "uniquely" and "unique" meet at
/// `uniqu`, "responsibility" and "responsible" at `respons`, which a list of endings misses.
///
/// Works on lower-case ASCII letters; any other word is returned as it is. Written over bytes
/// in one buffer, as the reference C version is: it runs on every word of every transcript
/// that alignment reads.
enum PorterStemmer {
    static func stem(_ word: String) -> String {
        var utf8 = Array(word.utf8)
        guard utf8.count > 2, utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        var s = State(b: utf8)
        s.run()
        utf8 = Array(s.b[0...s.k])
        return String(decoding: utf8, as: UTF8.self)
    }

    private struct State {
        var b: [UInt8]
        /// The last letter of the word as it stands.
        var k: Int
        /// The last letter before a matched ending (set by `ends`).
        var j = 0

        init(b: [UInt8]) {
            self.b = b
            k = b.count - 1
        }

        static func ascii(_ s: StaticString) -> [UInt8] {
            Array(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        }

        /// Whether `b[i]` is a consonant: not a vowel, and `y` only after a vowel... or first.
        func cons(_ i: Int) -> Bool {
            switch b[i] {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"): return false
            case UInt8(ascii: "y"): return i == 0 ? true : !cons(i - 1)
            default: return true
            }
        }

        /// The number of vowel–consonant runs in `b[0...j]`.
        func m() -> Int {
            var n = 0
            var i = 0
            while true {
                if i > j { return n }
                if !cons(i) { break }
                i += 1
            }
            i += 1
            while true {
                while true {
                    if i > j { return n }
                    if cons(i) { break }
                    i += 1
                }
                i += 1
                n += 1
                while true {
                    if i > j { return n }
                    if !cons(i) { break }
                    i += 1
                }
                i += 1
            }
        }

        func vowelInStem() -> Bool {
            guard j >= 0 else { return false }
            return (0...j).contains { !cons($0) }
        }

        func doubleConsonant(_ i: Int) -> Bool {
            i >= 1 && b[i] == b[i - 1] && cons(i)
        }

        /// Consonant–vowel–consonant ending at `i`, the last not w, x or y ("hop", not "snow").
        func cvc(_ i: Int) -> Bool {
            guard i >= 2, cons(i), !cons(i - 1), cons(i - 2) else { return false }
            let c = b[i]
            return c != UInt8(ascii: "w") && c != UInt8(ascii: "x") && c != UInt8(ascii: "y")
        }

        mutating func ends(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard n <= k + 1 else { return false }
            let p = s.utf8Start
            for i in 0..<n where b[k - n + 1 + i] != p[i] { return false }
            j = k - n
            return true
        }

        /// Replaces `b[j+1...k]` with `s`.
        mutating func setTo(_ s: StaticString) {
            let bytes = Self.ascii(s)
            b.removeSubrange((j + 1)...)
            b.append(contentsOf: bytes)
            k = j + bytes.count
        }

        mutating func replace(_ s: StaticString) { if m() > 0 { setTo(s) } }

        mutating func run() {
            step1ab()
            if k > 0 {
                step1c(); step2(); step3(); step4(); step5()
            }
        }

        /// Plurals and -ed or -ing: caresses → caress, ponies → poni, meetings → meet.
        mutating func step1ab() {
            if b[k] == UInt8(ascii: "s") {
                if ends("sses") { k -= 2 } else if ends("ies") { setTo("i") } else if k >= 1, b[k - 1] != UInt8(ascii: "s") { k -= 1 }
            }
            if ends("eed") {
                if m() > 0 { k -= 1 }
            } else if (ends("ed") || ends("ing")) && vowelInStem() {
                k = j
                if ends("at") { setTo("ate") } else if ends("bl") { setTo("ble") } else if ends("iz") { setTo("ize") } else if doubleConsonant(k) {
                    k -= 1
                    let c = b[k]
                    if c == UInt8(ascii: "l") || c == UInt8(ascii: "s") || c == UInt8(ascii: "z") { k += 1 }
                } else {
                    j = k
                    if m() == 1 && cvc(k) { setTo("e") }
                }
            }
        }

        /// A final y after a vowel in the stem becomes i: happy → happi.
        mutating func step1c() {
            if ends("y") && vowelInStem() { b[k] = UInt8(ascii: "i") }
        }

        /// Double suffixes to single ones: relational → relate, digitizer → digitize.
        mutating func step2() {
            guard k >= 1 else { return }
            switch b[k - 1] {
            case UInt8(ascii: "a"):
                if ends("ational") { replace("ate") } else if ends("tional") { replace("tion") }
            case UInt8(ascii: "c"):
                if ends("enci") { replace("ence") } else if ends("anci") { replace("ance") }
            case UInt8(ascii: "e"):
                if ends("izer") { replace("ize") }
            case UInt8(ascii: "l"):
                if ends("bli") { replace("ble") } else if ends("alli") { replace("al") } else if ends("entli") { replace("ent") }
                else if ends("eli") { replace("e") } else if ends("ousli") { replace("ous") }
            case UInt8(ascii: "o"):
                if ends("ization") { replace("ize") } else if ends("ation") { replace("ate") } else if ends("ator") { replace("ate") }
            case UInt8(ascii: "s"):
                if ends("alism") { replace("al") } else if ends("iveness") { replace("ive") } else if ends("fulness") { replace("ful") }
                else if ends("ousness") { replace("ous") }
            case UInt8(ascii: "t"):
                if ends("aliti") { replace("al") } else if ends("iviti") { replace("ive") } else if ends("biliti") { replace("ble") }
            case UInt8(ascii: "g"):
                if ends("logi") { replace("log") }
            default: break
            }
        }

        /// -ic-, -full, -ness and the like: triplicate → triplic, hopeful → hope.
        mutating func step3() {
            switch b[k] {
            case UInt8(ascii: "e"):
                if ends("icate") { replace("ic") } else if ends("ative") { replace("") } else if ends("alize") { replace("al") }
            case UInt8(ascii: "i"):
                if ends("iciti") { replace("ic") }
            case UInt8(ascii: "l"):
                if ends("ical") { replace("ic") } else if ends("ful") { replace("") }
            case UInt8(ascii: "s"):
                if ends("ness") { replace("") }
            default: break
            }
        }

        /// -ant, -ence, -ment and the like, when the stem keeps two runs: adjustment → adjust.
        mutating func step4() {
            guard k >= 1 else { return }
            switch b[k - 1] {
            case UInt8(ascii: "a"): guard ends("al") else { return }
            case UInt8(ascii: "c"): guard ends("ance") || ends("ence") else { return }
            case UInt8(ascii: "e"): guard ends("er") else { return }
            case UInt8(ascii: "i"): guard ends("ic") else { return }
            case UInt8(ascii: "l"): guard ends("able") || ends("ible") else { return }
            case UInt8(ascii: "n"): guard ends("ant") || ends("ement") || ends("ment") || ends("ent") else { return }
            case UInt8(ascii: "o"):
                if ends("ion"), j >= 0, b[j] == UInt8(ascii: "s") || b[j] == UInt8(ascii: "t") { break }
                guard ends("ou") else { return }
            case UInt8(ascii: "s"): guard ends("ism") else { return }
            case UInt8(ascii: "t"): guard ends("ate") || ends("iti") else { return }
            case UInt8(ascii: "u"): guard ends("ous") else { return }
            case UInt8(ascii: "v"): guard ends("ive") else { return }
            case UInt8(ascii: "z"): guard ends("ize") else { return }
            default: return
            }
            if m() > 1 { k = j }
        }

        /// A final -e and a double l: probate → probat, controll → control.
        mutating func step5() {
            j = k
            if b[k] == UInt8(ascii: "e") {
                let a = m()
                if a > 1 || (a == 1 && !cvc(k - 1)) { k -= 1 }
            }
            if b[k] == UInt8(ascii: "l") && doubleConsonant(k) && m() > 1 { k -= 1 }
        }
    }
}
