import MCP
import Logging
import Foundation

/// Stdio that lets the answers out after the client closes stdin: the SDK's server stops
/// reading at end of input while the requests it read may still be running, so
/// `echo REQUEST | kb mcp` would print nothing. This counts the requests read and the answers
/// written; `drain()` waits until every request has its answer.
actor DrainingTransport: Transport {
    private let inner: StdioTransport
    private var requests = 0
    private var answers = 0
    private var inputEnded = false

    nonisolated var logger: Logger { inner.logger }

    init(_ inner: StdioTransport = StdioTransport()) {
        self.inner = inner
    }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        try await inner.send(data)
        answers += Self.count(data, answers: true)
    }

    func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        let (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
        Task {
            do {
                for try await data in await inner.receive() {
                    self.read(data)
                    continuation.yield(data)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
            self.endInput()
        }
        return stream
    }

    private func read(_ data: Data) { requests += Self.count(data, answers: false) }

    private func endInput() { inputEnded = true }

    /// Returns once input has ended and every request read has been answered (at most `timeout` later).
    func drain(timeout: Duration = .seconds(60)) async {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !(inputEnded && answers >= requests), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// JSON-RPC requests (`method` and `id`) or answers (`id` and `result` or `error`) in a message or batch.
    static func count(_ data: Data, answers: Bool) -> Int {
        guard let json = try? JSONSerialization.jsonObject(with: data) else { return 0 }
        let messages = (json as? [Any]) ?? [json]
        return messages.reduce(0) { total, message in
            guard let object = message as? [String: Any], object["id"] != nil else { return total }
            let isAnswer = object["result"] != nil || object["error"] != nil
            return total + (isAnswer == answers && (answers || object["method"] != nil) ? 1 : 0)
        }
    }
}
