/// Reads the times that notes cite: `00:14:23`, `14:23`, `1:02:03`, with the stray
/// `]` and trailing `:` that real notes carry.
public enum TimeText {
    /// Seconds of a cited time, or nil when it cannot be read unambiguously.
    ///
    /// Two parts are `M:SS`, three are `H:MM:SS`. Four parts (`01:00:17:51`) could be
    /// a frame count or a day and are not guessed at.
    public static func seconds<S: StringProtocol>(_ text: S) -> Int? {
        var scalars = Substring(text).unicodeScalars[...]
        func isJunk(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "[" || s == "]" }
        while let f = scalars.first, isJunk(f) { scalars.removeFirst() }
        while let l = scalars.last, isJunk(l) || l == ":" { scalars.removeLast() }
        guard !scalars.isEmpty else { return nil }
        var parts: [Int] = []
        var value = 0
        var digits = 0
        for s in scalars {
            if s == ":" {
                guard digits > 0 else { return nil }
                parts.append(value)
                value = 0
                digits = 0
            } else if let d = digit(s) {
                digits += 1
                guard digits <= 4 else { return nil }
                value = value * 10 + d
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        parts.append(value)
        switch parts.count {
        case 2:
            guard parts[1] < 60 else { return nil }
            return parts[0] * 60 + parts[1]
        case 3:
            guard parts[1] < 60, parts[2] < 60 else { return nil }
            return parts[0] * 3600 + parts[1] * 60 + parts[2]
        default:
            return nil
        }
    }

    /// True for text made only of digit groups joined by colons, 2 to 4 groups:
    /// what a citation looks like even when its value is unreadable.
    public static func looksLikeTime<S: StringProtocol>(_ text: S) -> Bool {
        var groups = 0
        var digits = 0
        for s in text.unicodeScalars {
            if s == ":" {
                guard digits > 0 else { return false }
                groups += 1
                digits = 0
            } else if digit(s) != nil {
                digits += 1
                if digits > 4 { return false }
            } else {
                return false
            }
        }
        guard digits > 0 else { return false }
        groups += 1
        return (2...4).contains(groups)
    }

    /// A time typed by a user: `863`, `14:23`, `00:14:23`, `1h2m3s`, `14m23s`, `863s`.
    public static func userSeconds(_ text: String) -> Int? {
        let trimmed = text.trimmingWhitespace
        if let plain = Int(trimmed), plain >= 0 { return plain }
        if trimmed.contains(":") { return seconds(trimmed) }
        return unitSeconds(trimmed)
    }

    /// `1h2m3s`, `6m39s`, `399s`, `399`: the forms YouTube's `t=` takes.
    package static func unitSeconds<S: StringProtocol>(_ text: S) -> Int? {
        var total = 0
        var value = 0
        var digits = 0
        var sawUnit = false
        for s in text.unicodeScalars {
            if let d = digit(s) {
                digits += 1
                guard digits <= 9 else { return nil }
                value = value * 10 + d
                continue
            }
            guard digits > 0 else { return nil }
            switch s {
            case "h", "H": total += value * 3600
            case "m", "M": total += value * 60
            case "s", "S": total += value
            default: return nil
            }
            sawUnit = true
            value = 0
            digits = 0
        }
        if digits > 0 { total += value } else if !sawUnit { return nil }
        return total
    }

    /// Seconds of a subtitle cue time: SubRip's `HH:MM:SS,mmm`, WebVTT's `HH:MM:SS.mmm` and
    /// short `MM:SS.mmm`; either decimal mark, a fraction of 1 to 9 digits or none, hours of
    /// any width. Surrounding spaces are allowed; nil for anything else (`00:61:00,000`,
    /// `1:2:3:4`, `12,5`).
    public static func cueSeconds<S: StringProtocol>(_ text: S) -> Double? {
        var scalars = Substring(text).utf8[...]
        while let f = scalars.first, f == 32 || f == 9 { scalars.removeFirst() }
        while let l = scalars.last, l == 32 || l == 9 { scalars.removeLast() }
        return cueSeconds(utf8: scalars)
    }

    /// `cueSeconds` over UTF-8 bytes with nothing around the time, for parsers that scan bytes.
    @inlinable @inline(__always)
    package static func cueSeconds<C: Collection<UInt8>>(utf8 bytes: C) -> Double? {
        var parts = (0, 0, 0)
        var count = 0
        var value = 0
        var digits = 0
        var fraction = 0.0
        var inFraction = false
        var scale = 1.0
        for b in bytes {
            if b >= 48 && b <= 57 {
                if inFraction {
                    digits += 1
                    guard digits <= 9 else { return nil }
                    scale *= 10
                    fraction += Double(b - 48) / scale
                } else {
                    digits += 1
                    guard digits <= 6 else { return nil }
                    value = value * 10 + Int(b - 48)
                }
            } else if b == 58, !inFraction {  // ':'
                guard digits > 0, count < 2 else { return nil }
                if count == 0 { parts.0 = value } else { parts.1 = value }
                count += 1
                value = 0
                digits = 0
            } else if b == 44 || b == 46, !inFraction {  // ',' or '.'
                guard digits > 0, count >= 1 else { return nil }
                if count == 1 { parts.1 = value } else { parts.2 = value }
                inFraction = true
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        if !inFraction {
            guard count >= 1 else { return nil }
            if count == 1 { parts.1 = value } else { parts.2 = value }
        }
        // Two groups are MM:SS, three HH:MM:SS.
        let (h, m, s) = count == 1 ? (0, parts.0, parts.1) : (parts.0, parts.1, parts.2)
        guard s < 60, count == 1 || m < 60 else { return nil }
        return Double(h * 3600 + m * 60 + s) + fraction
    }

    /// `HH:MM:SS`, the form the notes' anchors use.
    public static func clock(_ seconds: Int) -> String {
        let h = seconds / 3600, m = (seconds % 3600) / 60, s = seconds % 60
        guard (0..<100).contains(h), m >= 0, s >= 0 else { return "\(pad(h)):\(pad(m)):\(pad(s))" }
        // Eight bytes straight into a small string: a site writes one for every citation it shows.
        return String(unsafeUninitializedCapacity: 8) { out in
            func put(_ n: Int, at i: Int) {
                out[i] = UInt8(48 + n / 10)
                out[i + 1] = UInt8(48 + n % 10)
            }
            put(h, at: 0)
            out[2] = UInt8(ascii: ":")
            put(m, at: 3)
            out[5] = UInt8(ascii: ":")
            put(s, at: 6)
            return 8
        }
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    @inlinable @inline(__always) package static func digit(_ s: Unicode.Scalar) -> Int? {
        s.value >= 48 && s.value <= 57 ? Int(s.value - 48) : nil
    }
}

/// Reads YouTube links: the video they name and the second they start at.
public enum YouTubeURL {
    /// The watch URL of a video at a second: `https://www.youtube.com/watch?v=ID&t=863s`.
    public static func watch(_ videoID: String, seconds: Int?) -> String {
        var url = "https://www.youtube.com/watch?v="
        url.reserveCapacity(56 + videoID.utf8.count)
        url += videoID
        if let seconds {
            url += "&t="
            url += String(seconds)
            url += "s"
        }
        return url
    }

    /// Video and start time of a `youtube.com/watch?v=…`, `youtu.be/…` or
    /// `youtube.com/shorts|embed|live/…` URL; nil when it is not a YouTube link.
    public static func parse(_ url: String) -> (videoID: String?, seconds: Int?)? {
        guard let (host, rest) = split(url) else { return nil }
        var videoID: String?
        let pathEnd = rest.firstIndex(where: { $0 == "?" || $0 == "#" || $0 == "&" }) ?? rest.endIndex
        let path = rest[rest.startIndex..<pathEnd]
        if host.hasSuffix("youtu.be") {
            videoID = path.split(separator: "/").first.map(String.init)
        } else {
            let segments = path.split(separator: "/")
            if segments.count >= 2, ["shorts", "embed", "live", "v"].contains(segments[0]) {
                videoID = String(segments[1])
            }
        }
        var seconds: Int?
        for pair in rest[pathEnd...].split(whereSeparator: { $0 == "?" || $0 == "&" || $0 == "#" }) {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            switch kv[0] {
            case "v": videoID = String(kv[1])
            case "t", "start", "time_continue": seconds = TimeText.unitSeconds(kv[1]) ?? seconds
            default: break
            }
        }
        if let id = videoID, id.isEmpty { videoID = nil }
        return (videoID, seconds)
    }

    /// The lower-cased host of a YouTube URL and what follows its `/`; nil for other URLs.
    private static func split(_ url: String) -> (host: String, rest: Substring)? {
        var s = Substring(url)
        for scheme in ["https://", "http://"] where s.lowercased().hasPrefix(scheme) {
            s = s.dropFirst(scheme.count)
        }
        guard let slash = s.firstIndex(of: "/") else { return nil }
        let host = s[s.startIndex..<slash].lowercased()
        let known = ["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
                     "youtu.be", "www.youtu.be", "youtube-nocookie.com", "www.youtube-nocookie.com"]
        guard known.contains(host) else { return nil }
        return (host, s[s.index(after: slash)...])
    }
}
