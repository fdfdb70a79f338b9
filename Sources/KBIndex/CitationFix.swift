import Foundation
import KBModel
import KBExtract
import KBAlign
import KBStore

/// `kb verify --fix`: rewrites drifted citations in note files to where the claim is said.
public enum CitationFix {
    public struct Result: Sendable {
        public var files = 0
        public var citations = 0
        /// A unified diff of the changes (one hunk per changed line, no context).
        public var diff = ""
    }

    /// For each drifted claim with a suggestion, its first citation of the video the
    /// suggestion is in is rewritten (`Moment.retimed`), in place on its line; every other
    /// byte of the file stays. Each file is written to a temporary file beside it and renamed
    /// over it, so a note is never half-written. With `dryRun`, nothing is written.
    public static func apply(_ claims: [VerifiedClaim], dryRun: Bool) throws -> Result {
        var result = Result()
        let drifted = claims.filter { $0.verdict == .drifted && $0.suggested != nil }
        guard !drifted.isEmpty else { return result }
        // The moments are read from the index each claim came from: the verified claims carry ids.
        var byFile: [String: [VerifiedClaim]] = [:]
        for c in drifted { byFile[c.noteFile, default: []].append(c) }
        for (file, fileClaims) in byFile.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw IndexError.cannotFix(Diagnostic(file: file, message: "cannot read the note to fix it"))
            }
            var lines = text.components(separatedBy: "\n")
            // Several claims of a line may cite the same text (`[02:00:53]` after each
            // sentence): which occurrence is whose comes from reading the note again, each
            // citation numbered among those of its line with the same text, in order.
            let read = NoteExtractor.extract(path: file, text: text, figures: false)
            var seen: [String: Int] = [:]
            var occurrence: [String: Int] = [:]  // "line|claim text|k-th moment" → occurrence of its raw on the line
            for c in read.claims {
                for (k, m) in c.timestamps.enumerated() {
                    let key = "\(m.line)|\(m.raw)"
                    occurrence["\(c.line)|\(c.text)|\(k)"] = seen[key, default: 0]
                    seen[key, default: 0] += 1
                }
            }
            var edits: [Int: [(at: Int, raw: String, new: String)]] = [:]
            for claim in fileClaims {
                guard let k = claim.moments.firstIndex(where: { ($0.video ?? claim.noteVideo) == claim.video && $0.seconds != nil }),
                      let to = claim.suggested, case let moment = claim.moments[k], let new = moment.retimed(to: to),
                      moment.line >= 1, moment.line <= lines.count,
                      let n = occurrence["\(claim.line)|\(claim.text)|\(k)"] else { continue }
                edits[moment.line, default: []].append((n, moment.raw, new))
            }
            var changes: [(line: Int, old: String, new: String)] = []
            for (line, lineEdits) in edits {
                let old = lines[line - 1]
                var ranges: [(Range<String.Index>, String)] = []
                for e in lineEdits {
                    var from = old.startIndex
                    var found: Range<String.Index>?
                    for _ in 0...e.at {
                        guard let r = old.range(of: e.raw, range: from..<old.endIndex) else { found = nil; break }
                        found = r
                        from = r.upperBound
                    }
                    if let found { ranges.append((found, e.new)) }
                }
                guard !ranges.isEmpty else { continue }
                var updated = old
                // Right to left, so that each range still points at the text it was found at.
                for (range, new) in ranges.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) { updated.replaceSubrange(range, with: new) }
                lines[line - 1] = updated
                changes.append((line, old, updated))
                result.citations += ranges.count - 1
            }
            guard !changes.isEmpty else { continue }
            result.files += 1
            result.citations += changes.count
            let display = fileClaims[0].note
            result.diff += "--- a/\(display)\n+++ b/\(display)\n"
            for c in changes.sorted(by: { $0.line < $1.line }) {
                let line = c.line
                result.diff += "@@ -\(line),1 +\(line),1 @@\n-\(c.old)\n+\(c.new)\n"
            }
            if !dryRun { try write(lines.joined(separator: "\n"), to: file) }
        }
        return result
    }

    static func write(_ text: String, to file: String) throws {
        let temp = file + ".kb-fix-\(getpid())"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temp))
            guard rename(temp, file) == 0 else { throw IndexError.cannotFix(Diagnostic(file: file, message: "cannot replace the note")) }
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw IndexError.cannotFix(Diagnostic(file: file, message: "cannot write the fixed note: \(error)"))
        }
    }
}
