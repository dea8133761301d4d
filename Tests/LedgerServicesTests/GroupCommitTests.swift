@testable import LedgerServices
import Synchronization
import Testing

@Suite struct GroupCommitTests {
    struct Refused: Error {}

    /// Holds the first commit open until the test has queued what it wants behind it.
    actor Gate {
        private var isOpen = false
        private var waiters: [CheckedContinuation<Void, Never>] = []

        func pass() async {
            if isOpen { return }
            await withCheckedContinuation { waiters.append($0) }
        }

        func open() {
            isOpen = true
            waiters.forEach { $0.resume() }
            waiters = []
        }
    }

    /// Submits `first`, then `rest` while `first` is being committed, and answers each entry's
    /// outcome (or error) together with the batches `store` was called with.
    func commit(
        first: String, then rest: [(String, Int)],
        store: @escaping @Sendable ([String], Int) throws -> [String]
    ) async throws -> (outcomes: [String: String], batches: [[String]]) {
        let gate = Gate()
        let batches = Mutex<[[String]]>([])
        let commits = GroupCommit<Int, String, String>(maxCommitsPerGroup: 1) { entries, group in
            batches.withLock { $0.append(entries) }
            await gate.pass()
            return try store(entries, group)
        }
        let outcomes = try await withThrowingTaskGroup(of: (String, String).self) { tasks in
            tasks.addTask { (first, (try? await commits.submit(first, in: 0)) ?? "refused") }
            while batches.withLock({ $0.isEmpty }) { await Task.yield() }
            for (entry, group) in rest {
                tasks.addTask { (entry, (try? await commits.submit(entry, in: group)) ?? "refused") }
            }
            try await Task.sleep(for: .milliseconds(200))
            await gate.open()
            return try await tasks.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        return (outcomes, batches.withLock { $0 })
    }

    @Test func entriesArrivingDuringACommitShareTheNextOne() async throws {
        let result = try await commit(first: "a", then: [("b", 0), ("c", 0), ("d", 0)]) { entries, _ in
            entries.map { "stored \($0)" }
        }
        #expect(result.batches.count == 2)
        #expect(result.batches[0] == ["a"])
        #expect(Set(result.batches[1]) == ["b", "c", "d"])
        #expect(result.outcomes == ["a": "stored a", "b": "stored b", "c": "stored c", "d": "stored d"])
    }

    @Test func eachGroupIsCommittedOnItsOwn() async throws {
        let result = try await commit(first: "a", then: [("b", 1), ("c", 2), ("d", 1)]) { entries, group in
            entries.map { "\($0) in \(group)" }
        }
        let groupOf = ["a": 0, "b": 1, "c": 2, "d": 1]
        #expect(result.batches.allSatisfy { Set($0.map { groupOf[$0]! }).count == 1 })
        #expect(result.outcomes == ["a": "a in 0", "b": "b in 1", "c": "c in 2", "d": "d in 1"])
    }

    /// One organization's commit held open (a lock, a slow statement) must not hold back
    /// another organization's events submitted meanwhile.
    @Test func aSlowGroupHoldsBackOnlyItself() async throws {
        let gate = Gate()
        let slowStarted = Mutex(false)
        let commits = GroupCommit<Int, String, String>(maxCommitsPerGroup: 1) { entries, group in
            if group == 0 {
                slowStarted.withLock { $0 = true }
                await gate.pass()
            }
            return entries.map { "stored \($0)" }
        }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for entry in ["slow", "queued behind slow"] {
                tasks.addTask {
                    let outcome = try await commits.submit(entry, in: 0)
                    #expect(outcome == "stored \(entry)")
                }
                while !slowStarted.withLock({ $0 }) { await Task.yield() }
            }
            let other = Mutex<String?>(nil)
            tasks.addTask {
                let outcome = try await commits.submit("other", in: 1)
                other.withLock { $0 = outcome }
            }
            // Answered while group 0's commit is still held open, within 10 s.
            let deadline = ContinuousClock.now + .seconds(10)
            while other.withLock({ $0 == nil }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(other.withLock { $0 } == "stored other")
            await gate.open()
            try await tasks.waitForAll()
        }
    }

    @Test func aFailedSharedCommitFailsOnlyTheEntryThatCausedIt() async throws {
        let result = try await commit(first: "a", then: [("b", 0), ("bad", 0), ("c", 0)]) { entries, _ in
            if entries.contains("bad") { throw Refused() }
            return entries.map { "stored \($0)" }
        }
        #expect(result.outcomes == ["a": "stored a", "b": "stored b", "bad": "refused", "c": "stored c"])
        #expect(result.batches.filter { $0.count == 1 }.count == 4)
    }

    @Test func aGroupsCommitsInFlightStayWithinTheLimit() async throws {
        let running = Mutex((now: 0, most: 0, calls: 0))
        let commits = GroupCommit<Int, Int, Int>(maxCommitsPerGroup: 3) { entries, _ in
            running.withLock { $0.now += 1; $0.most = max($0.most, $0.now); $0.calls += 1 }
            try await Task.sleep(for: .milliseconds(5))
            running.withLock { $0.now -= 1 }
            return entries.map { $0 * 2 }
        }
        let doubled = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for value in 0..<200 {
                tasks.addTask { try await commits.submit(value, in: 0) }
            }
            return try await tasks.reduce(0, +)
        }
        #expect(doubled == (0..<200).reduce(0, +) * 2)
        #expect(running.withLock { $0.most } <= 3)
        #expect(running.withLock { $0.calls } < 200)
    }
}
