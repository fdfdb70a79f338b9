import Foundation
import Synchronization

/// Slots that worker threads fill, one each; read after they all finished.
package final class Slots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    package init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    package func set(_ i: Int, _ value: Value) {
        slots.withLock { $0[i] = value }
    }

    /// Takes slot `i`'s value out, leaving it empty.
    package func remove(_ i: Int) -> Value? {
        slots.withLock { slots in
            defer { slots[i] = nil }
            return slots[i]
        }
    }

    package var values: [Value] {
        slots.withLock { $0.compactMap { $0 } }
    }
}

extension Slots where Value == Int {
    /// For a counter in slot 0: its value, incremented, while it is below `limit`.
    package func take(below limit: Int) -> Int? {
        slots.withLock { slots in
            guard let k = slots[0], k < limit else { return nil }
            slots[0] = k + 1
            return k
        }
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
