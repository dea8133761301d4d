public import Logging
public import ServiceLifecycle
import Synchronization

/// Background work that runs once `startGate` opens, then every `interval`, and once more when
/// shutdown begins (so last-use times and rollup deltas gathered before SIGTERM are written).
/// A failure is logged with its reason and the next round tries again.
public struct PeriodicJob: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void
    var startGate: StartGate?
    /// How long a round may go on once shutdown has begun.
    var shutdownAllowance: Duration = .seconds(5)

    public init(name: String, interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.work = work
    }

    /// This job, holding its first round until `gate` opens.
    public func starting(after gate: StartGate) -> PeriodicJob {
        var job = self
        job.startGate = gate
        return job
    }

    public func run() async throws {
        if let startGate {
            await cancelWhenGracefulShutdown { await startGate.wait() }
            // Shut down before the schema was ready: there is nothing of this run to write.
            if !startGate.isOpen { return }
        }
        while !Task.isCancelled {
            await runRound()
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One round in a task of its own, waited for until it ends, until this service is
    /// cancelled, or for at most `shutdownAllowance` once shutdown has begun; then it is
    /// cancelled and left behind, so a round stuck in a call that ignores cancellation (a
    /// query waiting on a database that is gone) cannot keep the process from stopping.
    private func runRound() async {
        let (done, finished) = AsyncStream.makeStream(of: Void.self)
        let ended = Atomic(false)
        let round = Task { [work, logger, name] in
            defer {
                ended.store(true, ordering: .releasing)
                finished.finish()
            }
            do {
                try await work()
            } catch {
                logger.warning("background job failed; retrying next round", metadata: ["job": "\(name)", "error": "\(String(reflecting: error))"])
            }
        }
        let allowance = shutdownAllowance
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                for await _ in done {}
            } onGracefulShutdown: {
                Task {
                    try? await Task.sleep(for: allowance)
                    finished.finish()
                }
            }
        } onCancel: {
            round.cancel()
        }
        if !ended.load(ordering: .acquiring) {
            round.cancel()
            logger.notice("background job left unfinished at shutdown", metadata: ["job": "\(name)"])
        }
    }
}
