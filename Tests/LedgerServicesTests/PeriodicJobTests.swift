import Foundation
@testable import LedgerServices
import LedgerTestSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct PeriodicJobTests {
    /// Runs `job` in a service group with `grace`, calls `body`, shuts the group down and
    /// answers how long the shutdown took.
    func shutdownDuration(
        of job: PeriodicJob, grace: Duration? = .seconds(5), _ body: () async throws -> Void
    ) async throws -> Duration {
        var configuration = ServiceGroupConfiguration(services: [.init(service: job)], logger: .quiet)
        configuration.maximumGracefulShutdownDuration = grace
        let group = ServiceGroup(configuration: configuration)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            let start = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return ContinuousClock.now - start
        }
    }

    @Test func aJobWaitsForItsGateThenRunsAndOnceMoreAtShutdown() async throws {
        let rounds = Mutex(0)
        let gate = StartGate()
        let job = PeriodicJob(name: "count", interval: .seconds(60), logger: .quiet) { rounds.withLock { $0 += 1 } }
        _ = try await shutdownDuration(of: job.starting(after: gate)) {
            try await Task.sleep(for: .milliseconds(200))
            #expect(rounds.withLock { $0 } == 0, "nothing runs before the gate opens")
            gate.open()
            // Polled, not slept: with every suite running at once the round may take a while.
            let deadline = ContinuousClock.now + .seconds(10)
            while rounds.withLock({ $0 }) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(rounds.withLock { $0 } == 1)
        }
        #expect(rounds.withLock { $0 } == 2, "one more round when shutdown begins")
    }

    @Test func aRoundThatIgnoresCancellationCannotHoldShutdownPastTheGrace() async throws {
        let stuck = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let job = PeriodicJob(name: "stuck", interval: .seconds(60), logger: .quiet) {
            // A call that never returns and ignores cancellation (a driver waiting on a socket).
            await withCheckedContinuation { continuation in stuck.withLock { $0 = continuation } }
        }
        let took = try await shutdownDuration(of: job, grace: .milliseconds(300)) {
            while stuck.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(10)) }
        }
        // Well under the round's own allowance (5 s), with room for a machine busy running
        // every suite at once (2.1 s seen there).
        #expect(took < .seconds(4), "shutdown took \(took)")
        stuck.withLock { $0?.resume() }
    }

    /// Without a grace at all (a service group that waits for ever), the round still ends the
    /// job's shutdown once its allowance is spent.
    @Test func aStuckRoundIsLeftBehindOnceItsShutdownAllowanceIsSpent() async throws {
        let stuck = Mutex<CheckedContinuation<Void, Never>?>(nil)
        var job = PeriodicJob(name: "stuck", interval: .seconds(60), logger: .quiet) {
            await withCheckedContinuation { continuation in stuck.withLock { $0 = continuation } }
        }
        job.shutdownAllowance = .milliseconds(200)
        let took = try await shutdownDuration(of: job, grace: nil) {
            while stuck.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(took < .seconds(2), "shutdown took \(took)")
        stuck.withLock { $0?.resume() }
    }
}
