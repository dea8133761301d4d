import Synchronization

/// Opens once; whoever waits before then goes on when it opens, or when its task is cancelled.
/// Background jobs wait on the schema's gate, so they never query tables that the migrations
/// running at startup have not made yet.
public final class StartGate: Sendable {
    private let state: Mutex<(isOpen: Bool, waiters: [AsyncStream<Void>.Continuation])>

    public init(isOpen: Bool = false) {
        state = Mutex((isOpen, []))
    }

    public var isOpen: Bool { state.withLock { $0.isOpen } }

    public func open() {
        let waiters = state.withLock { state in
            defer { state = (true, []) }
            return state.waiters
        }
        waiters.forEach { $0.finish() }
    }

    public func wait() async {
        let (opened, continuation) = AsyncStream.makeStream(of: Void.self)
        let isOpen = state.withLock { state in
            if !state.isOpen { state.waiters.append(continuation) }
            return state.isOpen
        }
        if isOpen { return }
        for await _ in opened {}
    }
}
