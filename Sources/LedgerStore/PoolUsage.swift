import Synchronization

/// How many operations of each pool hold or wait for a connection: beyond the pool's
/// capacity, the rest are waiting.
public final class PoolUsage: Sendable {
    public final class Counter: Sendable {
        private let active = Atomic<Int>(0)

        public var value: Int { active.load(ordering: .relaxed) }

        func counting<Result>(_ body: () async throws -> Result) async rethrows -> Result {
            active.add(1, ordering: .relaxed)
            defer { active.subtract(1, ordering: .relaxed) }
            return try await body()
        }
    }

    public let capacity: Int
    public let main = Counter()
    public let tenant = Counter()

    init(capacity: Int) {
        self.capacity = capacity
    }
}
