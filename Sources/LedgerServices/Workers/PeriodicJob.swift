public import Logging
public import ServiceLifecycle

/// Background work that runs once `startGate` opens, then every `interval`, and once more when
/// shutdown begins (so last-use times and rollup deltas gathered before SIGTERM are written).
/// A failure is logged with its reason and the next round tries again.
public struct PeriodicJob: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void
    var startGate: StartGate?

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

    /// One round in a task of its own. When this service is cancelled (the shutdown grace is
    /// over) the round is cancelled and no longer waited for, so a round stuck in a call that
    /// ignores cancellation cannot keep the process past its grace.
    private func runRound() async {
        let (done, finished) = AsyncStream.makeStream(of: Void.self)
        let round = Task { [work, logger, name] in
            defer { finished.finish() }
            do {
                try await work()
            } catch {
                logger.warning("background job failed; retrying next round", metadata: ["job": "\(name)", "error": "\(String(reflecting: error))"])
            }
        }
        await withTaskCancellationHandler {
            for await _ in done {}
        } onCancel: {
            round.cancel()
        }
        if Task.isCancelled { logger.notice("background job left unfinished at shutdown", metadata: ["job": "\(name)"]) }
    }
}
