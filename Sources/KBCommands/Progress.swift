import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import Foundation
import Synchronization

/// A one-line progress report on stderr for long runs (`kb index`, `kb render site`):
/// `indexing 5120/20000 notes  812/s  18 s left`, redrawn in place with `\r` and
/// cleared at the end. It draws only when stderr is a terminal and the command was
/// not given `--quiet`; piped or redirected, it writes nothing.
///
/// Sendable without `@unchecked`: the indexer's worker threads report progress, and the
/// drawing state (when it last drew, whether a line is up) lives in one `Mutex`.
final class ProgressBar: Sendable {
    let verb: String
    let noun: String
    let enabled: Bool
    private let started: TimeInterval
    private struct Drawing {
        var lastDraw: TimeInterval = 0
        var drawn = false
    }
    private let drawing = Mutex(Drawing())
    /// Redraws at most this often (seconds), except for the last item.
    static let interval = 0.1

    init(verb: String, noun: String, enabled: Bool) {
        self.verb = verb
        self.noun = noun
        self.enabled = enabled
        started = Self.now()
    }

    /// On when stderr is a terminal and not `quiet`.
    convenience init(verb: String, noun: String, quiet: Bool) {
        self.init(verb: verb, noun: noun, enabled: !quiet && Output.stderrIsTerminal)
    }

    /// Reports `done` of `total`; cheap when disabled or called often.
    func update(_ done: Int, of total: Int) {
        guard enabled else { return }
        drawing.withLock { state in
            let t = Self.now()
            guard done >= total || t - state.lastDraw >= Self.interval else { return }
            state.lastDraw = t
            let line = Self.line(verb: verb, noun: noun, done: done, total: total, elapsed: t - started)
            write("\r" + line + "\u{1B}[K")
            state.drawn = true
        }
    }

    /// Replaces the line with a phase that has no count (`resolving links…`).
    func phase(_ text: String) {
        guard enabled else { return }
        drawing.withLock { state in
            write("\r" + text + "\u{1B}[K")
            state.drawn = true
        }
    }

    /// Erases the line, so that what follows starts on a clean line.
    func finish() {
        guard enabled else { return }
        drawing.withLock { state in
            if state.drawn { write("\r\u{1B}[K") }
            state.drawn = false
        }
    }

    private func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }

    private static func now() -> TimeInterval { ProcessInfo.processInfo.systemUptime }

    // MARK: - formatting (pure)

    /// The text of the line: `indexing 5120/20000 notes  812/s  18 s left`. The rate and
    /// time left appear once there is something to measure them on.
    static func line(verb: String, noun: String, done: Int, total: Int, elapsed: Double) -> String {
        var s = "\(verb) \(done)/\(total) \(noun)"
        guard elapsed >= 0.05, done > 0 else { return s }
        let rate = Double(done) / elapsed
        s += "  \(Int(rate.rounded()))/s"
        if done < total {
            s += "  " + timeLeft(Double(total - done) / rate) + " left"
        }
        return s
    }

    /// `18 s`, `2 min 05 s`, `1 h 03 min`: whole seconds, rounded up so it never shows `0 s` early.
    static func timeLeft(_ seconds: Double) -> String {
        let s = max(1, Int(seconds.rounded(.up)))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
    }
}
