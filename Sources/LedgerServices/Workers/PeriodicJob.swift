public import Logging
public import ServiceLifecycle

/// Background work that runs once `startGate` opens, then every `interval`, and once more when
/// shutdown begins (so last-use times and rollup deltas gathered before SIGTERM are written).
/// A failure is logged with its reason and the next round tries again.
public struct PeriodicJob: Service, CustomStringConvertible {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void
    var startGate: StartGate?
    /// How long a round may go on once shutdown has begun.
    var shutdownAllowance: Duration = .seconds(5)
    var metrics: ServerMetrics?

    public init(name: String, interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.work = work
    }

    public var description: String { "job \(name)" }

    /// This job, holding its first round until `gate` opens.
    public func starting(after gate: StartGate) -> PeriodicJob {
        var job = self
        job.startGate = gate
        return job
    }

    /// This job, counting its rounds, failures and durations in `metrics`.
    public func measured(by metrics: ServerMetrics?) -> PeriodicJob {
        var job = self
        job.metrics = metrics
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

    /// One round, left behind if shutdown outlasts `shutdownAllowance` (`leftBehindAtShutdown`).
    private func runRound() async {
        let finished = await leftBehindAtShutdown(after: shutdownAllowance) { [work, logger, name, metrics] in
            let started = ContinuousClock.now
            do {
                try await work()
                metrics?.jobRan(name, failed: false, duration: ContinuousClock.now - started)
            } catch {
                metrics?.jobRan(name, failed: true, duration: ContinuousClock.now - started)
                logger.warning("background job failed; retrying next round", metadata: ["job": "\(name)", "error": "\(String(reflecting: error))"])
            }
        }
        if !finished { logger.notice("background job left unfinished at shutdown", metadata: ["job": "\(name)"]) }
    }
}
