import Foundation
import Synchronization

/// Slots that worker threads fill, one each; read after they all finished.
package final class Slots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    package init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    package func set(_ i: Int, _ value: Value) {
        slots.withLock { $0[i] = value }
    }

    package var values: [Value] {
        slots.withLock { $0.compactMap { $0 } }
    }
}

extension Array {
    /// Consecutive runs of at most `size` elements, in order: the batches in which the
    /// index, the linter and the site work, so that memory stays bounded whatever the
    /// corpus size.
    package func batches(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// Work started on another thread now, its result collected later.
package final class BackgroundJob<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    package init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            let result = work()
            self.value.withLock { $0 = result }
            self.done.signal()
        }
    }

    /// Blocks until the work is done; later calls return the same value at once.
    package func wait() -> Value {
        if let ready = value.withLock({ $0 }) { return ready }
        done.wait()
        done.signal()  // for a later call on another thread
        return value.withLock { $0! }
    }
}

/// Drops `value` on another thread: freeing millions of small allocations is work the
/// caller need not wait for.
package func releaseInBackground<Value: Sendable>(_ value: Value) {
    DispatchQueue.global().async { withExtendedLifetime(value) {} }
}

/// Work on consecutive parts of a list, done ahead on background threads and handed to
/// one consumer in order, which does parts itself rather than wait.
///
/// Why not a batch parsed on every core while the previous one is written: on two cores
/// that runs three threads on two cores while the writer writes, and none beside it at
/// the start and the end. Here `helpers` threads (one fewer than the cores) work ahead of the
/// consumer, which works on the next part itself when the one it needs is not done: no
/// core idles and none is shared, whichever side is the slower one (parsing for notes,
/// writing for transcripts). At most `ahead` parts are done and not yet taken, which bounds
/// the memory. `orderedWorkHandsEveryPartOverInOrder` checks the order and that each part is
/// done once.
package final class OrderedWork<Value: Sendable>: @unchecked Sendable {
    private let parts: Int
    private let ahead: Int
    private let work: @Sendable (Int) -> Value
    // Guarded by `condition`:
    private let condition = NSCondition()
    private var results: [Int: Value] = [:]
    private var claimed = 0
    private var taken = 0

    /// Starts `helpers` threads on parts 0..<parts (by default one fewer than the active
    /// cores: the consumer is the other); `work(k)` does part k.
    package init(parts: Int, ahead: Int, helpers: Int = max(0, ProcessInfo.processInfo.activeProcessorCount - 1),
                 work: @escaping @Sendable (Int) -> Value) {
        self.parts = parts
        self.ahead = max(1, ahead)
        self.work = work
        for _ in 0..<max(0, min(helpers, parts)) {
            let thread = Thread { [self] in helpLoop() }
            thread.start()
        }
    }

    /// The next part's value, in order; nil after the last.
    package func next() -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            guard taken < parts else { return nil }
            if let value = results.removeValue(forKey: taken) {
                taken += 1
                condition.broadcast()
                return value
            }
            if claimed < parts, claimed < taken + ahead {
                doClaimedPart()
            } else {
                condition.wait()
            }
        }
    }

    /// Lets no part start after this: for a consumer that stops early (a helper finishes the
    /// part it is doing, and stops).
    package func stop() {
        condition.lock()
        claimed = parts
        condition.broadcast()
        condition.unlock()
    }

    private func helpLoop() {
        condition.lock()
        defer { condition.unlock() }
        while claimed < parts {
            if claimed < taken + ahead {
                doClaimedPart()
            } else {
                condition.wait()
            }
        }
    }

    /// Claims the next part and does it with the lock released. Call with the lock held.
    private func doClaimedPart() {
        let k = claimed
        claimed += 1
        condition.unlock()
        let value = work(k)
        condition.lock()
        results[k] = value
        condition.broadcast()
    }
}
