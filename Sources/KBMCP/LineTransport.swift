import MCP
import Logging
import Foundation

/// JSON-RPC over stdin and stdout, one message a line: what the SDK's `StdioTransport` does,
/// with two differences that matter to a client.
///
/// - Input is read by a thread blocked in `read`, where `StdioTransport` polls a non-blocking
///   stdin every 10 ms: that made every call's round trip a multiple of 10 ms (a 1 ms jump
///   took 10) and woke an idle server 100 times a second.
/// - The answers get out after the client closes stdin: the SDK's server stops reading at end
///   of input while the requests it read may still be running, so `echo REQUEST | kb mcp`
///   printed nothing. This counts the requests read and the answers written; `drain()` waits
///   until every request has its answer.
actor LineTransport: Transport {
    nonisolated let logger = Logger(label: "kb.mcp", factory: { _ in SwiftLogNoOpLogHandler() })
    private let input: Int32
    private let output: Int32
    private var requests = 0
    private var answers = 0
    private var inputEnded = false
    private var lines: AsyncThrowingStream<Data, Swift.Error>?

    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    func connect() async throws {
        guard lines == nil else { return }
        let (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
        lines = stream
        let fd = input
        Thread.detachNewThread { Self.readLines(fd, into: continuation) }
    }

    func disconnect() async {}

    /// One message and its line end, written whole (the actor sends one message at a time).
    func send(_ data: Data) async throws {
        var bytes = [UInt8](data)
        bytes.append(UInt8(ascii: "\n"))
        var from = 0
        while from < bytes.count {
            let written = bytes[from...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    Self.waitUntilReady(output, for: Int16(POLLOUT))
                    continue
                }
                throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
            from += written
        }
        answers += Self.count(data, answers: true)
    }

    func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        let (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
        let source = lines
        Task {
            do {
                for try await data in source ?? AsyncThrowingStream { $0.finish() } {
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

    /// Reads `fd` until end of input, each non-empty line a message.
    private static func readLines(_ fd: Int32, into continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var pending = Data()
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN { // stdin left non-blocking by whoever started kb: wait, do not spin
                waitUntilReady(fd, for: Int16(POLLIN))
                continue
            }
            guard n > 0 else { break }
            pending.append(contentsOf: buffer[..<n])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = pending[pending.index(after: newline)...]
                if !line.isEmpty { continuation.yield(Data(line)) }
            }
        }
        if !pending.isEmpty { continuation.yield(Data(pending)) }
        continuation.finish()
    }

    private static func waitUntilReady(_ fd: Int32, for events: Int16) {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        _ = poll(&entry, 1, -1)
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
