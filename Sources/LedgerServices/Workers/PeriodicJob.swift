public import Logging
public import ServiceLifecycle

/// Background work that runs now, then every `interval`, and once more when shutdown begins
/// (so last-use times and rollup deltas gathered before SIGTERM are written). A failure is
/// logged and the next round tries again.
public struct PeriodicJob: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    public init(name: String, interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.work = work
    }

    public func run() async throws {
        while true {
            do {
                try await work()
            } catch {
                logger.warning("background job failed; retrying next round", metadata: ["job": "\(name)", "error": "\(String(reflecting: error))"])
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
