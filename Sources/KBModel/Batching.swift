import Foundation

/// Slots that worker threads fill, one each; read after they all finished.
package final class Slots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    package init(count: Int) { slots = Array(repeating: nil, count: count) }

    package func set(_ i: Int, _ value: Value) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    /// Takes slot `i`'s value out, leaving it empty.
    package func remove(_ i: Int) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        let value = slots[i]
        slots[i] = nil
        return value
    }

    package var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}

extension Slots where Value == Int {
    /// For a counter in slot 0: its value, incremented, while it is below `limit`.
    package func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard let k = slots[0], k < limit else { return nil }
        slots[0] = k + 1
        return k
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
package final class BackgroundJob<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private var collected = false
    private let done = DispatchSemaphore(value: 0)

    package init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.value = work()
            self.done.signal()
        }
    }

    /// Blocks until the work is done. Call from one thread only (the one that started it).
    package func wait() -> Value {
        if !collected {
            done.wait()
            collected = true
        }
        return value!
    }
}

/// Drops `value` on another thread: freeing millions of small allocations is work the
/// caller need not wait for.
package func releaseInBackground<Value: Sendable>(_ value: Value) {
    DispatchQueue.global().async { withExtendedLifetime(value) {} }
}
