import Foundation
import LedgerApp
import LedgerTestSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// A service that waits until released, whatever cancellation says: the kind of step that kept
/// a server alive after SIGTERM.
final class Stubborn: Service, Sendable {
    private let state = Mutex<(released: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))
    let askedToStop = Atomic<Bool>(false)

    func run() async {
        await withGracefulShutdownHandler {
            await waitForRelease()
        } onGracefulShutdown: {
            self.askedToStop.store(true, ordering: .releasing)
        }
    }

    private func waitForRelease() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.released { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func release() {
        state.withLock { state in
            state.released = true
            return state.waiter.take()
        }?.resume()
    }
}

@Suite struct ShutdownDeadlineTests {
    func group(_ stubborn: Stubborn, running: RunningServices, deadline: ShutdownDeadline) -> ServiceGroup {
        ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: running.tracking(stubborn, as: "stubborn")), deadline.configuration],
            gracefulShutdownSignals: [], logger: .quiet))
    }

    @Test func aShutdownThatOutlivesItsDeadlineEndsNamingWhatStillRuns() async throws {
        let running = RunningServices()
        let (expired, expiry) = AsyncStream.makeStream(of: [String].self)
        let deadline = ShutdownDeadline(after: .milliseconds(200), running: running, logger: .quiet) { expiry.yield($0) }
        let stubborn = Stubborn()
        let group = group(stubborn, running: running, deadline: deadline)
        let task = Task { try await group.run() }
        while running.names.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        var iterator = expired.makeAsyncIterator()
        let names = await iterator.next()
        #expect(names == ["stubborn"])
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        stubborn.release()
        try await task.value
        #expect(running.names.isEmpty)
    }

    @Test func aShutdownThatEndsInTimeIsNotCutShort() async throws {
        let running = RunningServices()
        let expiries = Atomic<Int>(0)
        // Long enough for a loaded machine to finish the shutdown and disarm it first.
        let deadline = ShutdownDeadline(after: .seconds(3), running: running, logger: .quiet) { _ in
            expiries.add(1, ordering: .relaxed)
        }
        let stubborn = Stubborn()
        let group = group(stubborn, running: running, deadline: deadline)
        let task = Task { try await group.run() }
        while running.names.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        await group.triggerGracefulShutdown()
        while !stubborn.askedToStop.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(10)) }
        stubborn.release()
        try await task.value
        deadline.disarm()
        try await Task.sleep(for: .seconds(3.5))
        #expect(expiries.load(ordering: .relaxed) == 0)
    }
}
