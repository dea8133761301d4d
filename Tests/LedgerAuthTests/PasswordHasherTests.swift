import Foundation
import LedgerAuth
import Synchronization
import Testing

@Suite struct PasswordHasherTests {
    @Test func aHashVerifiesItsPasswordAndNoOther() async throws {
        let hasher = PasswordHasher(parameters: .init(memory: 8192, iterations: 1), threads: 1)
        let hash = try await hasher.hash("correct horse battery staple")
        #expect(hash.hasPrefix("$argon2id$v=19$m=8192,t=1,p=1$"))
        #expect(try await hasher.verify("correct horse battery staple", against: hash))
        #expect(try await !hasher.verify("correct horse battery stapler", against: hash))
        #expect(try await !hasher.verify("correct horse battery staple", against: "$argon2id$not-a-hash"))
    }

    /// Sign-ins hashing at once must not hold Swift concurrency's threads: inline, as many
    /// hashes as the pool has threads would stall every other task until the first finished.
    @Test func hashesLeaveTheConcurrencyThreadsFree() async throws {
        // About a fifth of a second a hash here, run one at a time.
        let hasher = PasswordHasher(parameters: .init(memory: 65536, iterations: 3), threads: 1)
        let finished = Counter()
        // Inline, a task queued behind 3 × width hashes would run only once 2 × width + 1 had
        // finished; here it runs while the first ones hash, with `width` hashes' time to spare
        // for other tests holding the threads meanwhile.
        let width = ProcessInfo.processInfo.activeProcessorCount
        let hashes = 3 * width
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<hashes {
                group.addTask {
                    _ = try await hasher.hash("correct horse battery staple")
                    finished.count.add(1, ordering: .relaxed)
                }
            }
            let finishedWhenOthersRan = await Task.detached { finished.count.load(ordering: .relaxed) }.value
            #expect(finishedWhenOthersRan < width)
            try await group.waitForAll()
        }
        #expect(finished.count.load(ordering: .relaxed) == hashes)
    }

    final class Counter: Sendable {
        let count = Atomic(0)
    }
}
