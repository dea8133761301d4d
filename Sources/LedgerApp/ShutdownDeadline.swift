import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// The services of a process that are still running, by name, so that a shutdown that outlives
/// its grace can say which of them kept it.
public final class RunningServices: Sendable {
    private let running = Mutex<[String: Int]>([:])

    public init() {}

    /// `service`, counted as running under `name` (by default its description, or its type's
    /// name) from its start to its end.
    public func tracking(_ service: any Service, as name: String? = nil) -> any Service {
        let name = name ?? (service as? any CustomStringConvertible)?.description ?? "\(type(of: service))"
        return TrackedService(service: service, name: name, registry: self)
    }

    public var names: [String] {
        running.withLock { $0.filter { $0.value > 0 }.keys.sorted() }
    }

    fileprivate func started(_ name: String) { running.withLock { $0[name, default: 0] += 1 } }
    fileprivate func finished(_ name: String) { running.withLock { $0[name, default: 1] -= 1 } }
}

private struct TrackedService: Service {
    let service: any Service
    let name: String
    let registry: RunningServices

    func run() async throws {
        registry.started(name)
        defer { registry.finished(name) }
        try await service.run()
    }
}

/// Ends the process once a shutdown has run for its grace and a margin, whatever still runs.
/// A service group waits for every service to return after cancelling it, and a step that
/// ignores cancellation (a query waiting on a database that went away, a continuation never
/// resumed) kept a server alive for minutes after SIGTERM with its port already closed. Listed
/// last in the group, it hears the shutdown first, arms a timer on a thread of its own (not a
/// task, which the group's cancellation would end) and returns at once.
public struct ShutdownDeadline: Service {
    let after: Duration
    let running: RunningServices
    let logger: Logger
    let expire: @Sendable ([String]) -> Void
    private let disarmed = Disarmed()

    /// `expire` is given the names still running; by default it logs them and exits with status 1.
    public init(
        after: Duration, running: RunningServices, logger: Logger,
        expire: (@Sendable ([String]) -> Void)? = nil
    ) {
        self.after = after
        self.running = running
        self.logger = logger
        self.expire = expire ?? { _ in
            // Not `exit`: its handlers may wait on the very thing that hangs.
            _exit(1)
        }
    }

    /// This service in a group: its early return must not end the group.
    public var configuration: ServiceGroupConfiguration.ServiceConfiguration {
        .init(service: self, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore)
    }

    public func run() async throws {
        // Returns when the shutdown begins; throws if the group is cancelled instead: either way it has begun.
        try? await gracefulShutdown()
        let seconds = Double(after.components.seconds) + Double(after.components.attoseconds) / 1e18
        let (running, logger, expire, disarmed) = (running, logger, expire, disarmed)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: seconds)
            guard !disarmed.flag.load(ordering: .acquiring) else { return }
            let names = running.names
            logger.critical(
                "shutdown outlived its grace; exiting", metadata: ["still_running": "\(names.joined(separator: ", "))"])
            expire(names)
        }
    }

    /// The process has stopped everything it had to: the timer, if armed, does nothing.
    public func disarm() {
        disarmed.flag.store(true, ordering: .releasing)
    }
}

private final class Disarmed: Sendable {
    let flag = Atomic<Bool>(false)
}
