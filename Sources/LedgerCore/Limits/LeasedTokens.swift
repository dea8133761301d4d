/// The tokens of one shared GCRA bucket that this replica has leased and spends on its own.
///
/// A replica leases when it holds none, or in the background when it is down to a quarter of
/// a lease, so every replica holds at most 1¼ leases' tokens at a time: across `n` replicas at
/// most that many are admitted beyond the bucket's own rate and burst (docs/LIMITS.md). Times
/// are microseconds since the epoch, the clock of the database that keeps the bucket.
public struct LeasedTokens: Sendable, Equatable {
    public enum Take: Sendable, Equatable {
        case taken
        /// None held: lease from the shared bucket, then take again.
        case leaseNeeded
        /// The shared bucket had none at the last lease and has none yet; retry after this many
        /// microseconds. No lease is tried until then, so a flood of refused requests costs
        /// the database nothing.
        case refused(retryAfterMicros: Int64)
    }

    public let rate: RequestRate
    public private(set) var available = 0
    /// The shared bucket's theoretical arrival time after the last lease.
    private var sharedArrival: Int64
    private var refusedUntil: Int64?

    public init(rate: RequestRate, now: Int64) {
        self.rate = rate
        sharedArrival = now
    }

    public mutating func take(now: Int64) -> Take {
        if available > 0 {
            available -= 1
            return .taken
        }
        if let refusedUntil, now < refusedUntil { return .refused(retryAfterMicros: refusedUntil - now) }
        return .leaseNeeded
    }

    /// Returns a token taken for a request that another bucket refused.
    public mutating func giveBack() {
        available += 1
    }

    /// Records a lease's answer: `granted` tokens, the bucket's arrival time after it.
    public mutating func leased(granted: Int, arrival: Int64, now: Int64) {
        available += granted
        sharedArrival = arrival
        // The next token exists once `now + burst·T - arrival` reaches one interval T.
        refusedUntil = granted == 0 ? arrival - Int64(rate.burst - 1) * rate.intervalMicros : nil
        if let until = refusedUntil, until <= now { refusedUntil = now + rate.intervalMicros }
    }

    /// Tokens a request could still take now: those held and those the shared bucket had left
    /// at the last lease, refilled since. Exact with one replica, an estimate with several.
    public func remaining(now: Int64) -> Int {
        let interval = rate.intervalMicros
        let shared = (now + Int64(rate.burst) * interval - max(sharedArrival, now)) / interval
        return min(rate.burst, available + Int(max(0, shared)))
    }

    /// Whether the last lease found the shared bucket empty and its next token is not due yet:
    /// asking again before then would find nothing.
    public func sharedBucketIsEmpty(now: Int64) -> Bool {
        refusedUntil.map { now < $0 } ?? false
    }

    /// When the shared bucket is full again (microseconds since the epoch).
    public func fullAt(now: Int64) -> Int64 { max(sharedArrival, now) }
}