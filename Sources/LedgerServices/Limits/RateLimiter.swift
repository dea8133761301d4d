import Foundation
public import LedgerCore
public import LedgerStore
public import Logging
import Synchronization

/// Request-rate limits that hold across replicas: each organization's bucket and each
/// caller's (a user in that organization, or an API key) live in PostgreSQL as GCRA buckets;
/// this replica leases their tokens in chunks (`LeasedTokens`) and spends them without a
/// round trip. A request takes a token from both of its buckets or from neither.
public final class RateLimiter: Sendable {
    let database: Database
    let settings: LimitSettings
    let logger: Logger
    let limits: OrganizationLimitsCache
    let metrics: ServerMetrics?
    private let state = Mutex(State())

    /// Whose bucket: the organization's, or an API key's or a user's in one organization (in a
    /// category, or not). Hashed as ids; the text name is made only for a lease.
    enum BucketID: Hashable, Sendable {
        case organization(OrgID)
        case apiKey(APIKeyID, RateCategory?)
        case user(UserID, in: OrgID, RateCategory?)

        var name: String {
            switch self {
            case .organization(let org): "org:\(org)"
            case .apiKey(let key, let category): "key:\(key)" + Self.suffix(category)
            case .user(let user, let org, let category): "user:\(user)@\(org)" + Self.suffix(category)
            }
        }

        var scope: RateScope {
            switch self {
            case .organization: .organization
            case .apiKey(_, let category), .user(_, _, let category): category.map(RateScope.category) ?? .caller
            }
        }

        private static func suffix(_ category: RateCategory?) -> String {
            category.map { "/\($0.rawValue)" } ?? ""
        }
    }

    typealias Bucket = (id: BucketID, rate: RequestRate)

    /// A bucket's tokens held here, with the policy its answers state.
    struct HeldBucket {
        var tokens: LeasedTokens
        let policy: RatePolicy

        init(_ id: BucketID, rate: RequestRate, now: Int64) {
            tokens = LeasedTokens(rate: rate, now: now)
            policy = RatePolicy(id.scope, rate: rate)
        }
    }

    struct State {
        var buckets: [BucketID: HeldBucket] = [:]
        var leases: [BucketID: Task<Void, any Error>] = [:]
        /// Requests of this replica waiting for a lease of each bucket: a lease asks for at
        /// least as many tokens as there are waiters.
        var waiting: [BucketID: Int] = [:]
        /// The database's clock minus this one, in microseconds, as of the last lease.
        var clockOffset: Int64 = 0
    }

    public init(
        database: Database, settings: LimitSettings, limits: OrganizationLimitsCache, logger: Logger, metrics: ServerMetrics? = nil
    ) {
        self.metrics = metrics
        self.database = database
        self.settings = settings
        self.limits = limits
        self.logger = logger
    }

    /// Takes a token for one request of `principal` (to an endpoint of `category`) from each of
    /// its buckets, or from none and answers a refusal. `nil` when nothing limits the caller (or
    /// the store cannot be reached and the limiter fails open).
    public func admit(_ principal: Principal, in category: RateCategory? = nil) async throws(LedgerError) -> RateLimitDecision? {
        guard settings.enabled else { return nil }
        let buckets: [Bucket]
        // The usual request finds its organization's limits cached: no await before the take.
        if let cached = limits.cachedLimits(of: principal.orgID) {
            buckets = Self.buckets(of: principal, in: category, limits: cached)
        } else {
            do {
                buckets = Self.buckets(of: principal, in: category, limits: try await limits.limits(of: principal.orgID))
            } catch {
                try unreachable(error)
                return nil
            }
        }
        guard !buckets.isEmpty else { return nil }
        // A lease answers every bucket; another round is needed only when concurrent requests
        // of this replica spent the grant first.
        for _ in 0..<8 {
            switch take(from: buckets) {
            case .decided(let decision):
                if decision.retryAfterSeconds != nil { metrics?.rateLimited(policy: decision.status.policy.name) }
                return decision
            case .leaseNeeded(let ids):
                do {
                    try await lease(buckets.filter { ids.contains($0.id) })
                } catch {
                    try unreachable(error)
                    return nil
                }
            }
        }
        let status = RateLimitStatus(
            policy: RatePolicy(buckets[0].id.scope, rate: buckets[0].rate), remaining: 0, resetAt: 0, resetSeconds: 1)
        return RateLimitDecision(status: status, retryAfterSeconds: 1)
    }

    /// The 429 of a refused `decision`: which rate of which plan is spent, and what raises it.
    public func refusal(_ decision: RateLimitDecision, of principal: Principal) -> LedgerError {
        let policy = decision.status.policy
        let window = policy.rate.windowSeconds == 3_600 ? "an hour" : policy.rate.windowSeconds == 60 ? "a minute" : "per \(policy.rate.windowSeconds) s"
        let whose = switch policy.scope {
        case .organization: "The organization's rate"
        case .caller: "This caller's rate"
        case .category(let category): "This caller's \(category.rawValue) rate"
        }
        var details: [String: JSONValue] = [
            "policy": .string(policy.name), "limit": .integer(Int64(policy.rate.limit)),
            "window_seconds": .integer(Int64(policy.rate.windowSeconds)),
        ]
        let reason = "\(whose) of \(policy.rate.limit) requests \(window) is spent" + limits.planNote(of: principal.orgID, adding: &details)
        return .rateLimited(retryAfterSeconds: decision.retryAfterSeconds ?? 1, reason: reason, details: details)
    }

    private static func buckets(of principal: Principal, in category: RateCategory?, limits: OrganizationLimits) -> [Bucket] {
        var buckets: [Bucket] = []
        buckets.reserveCapacity(3)
        if let rate = limits.organization { buckets.append((.organization(principal.orgID), rate)) }
        if let rate = limits.caller { buckets.append((callerBucket(principal, in: nil), rate)) }
        if let category, let rate = limits[.category(category)] { buckets.append((callerBucket(principal, in: category), rate)) }
        return buckets
    }

    private enum Outcome {
        case decided(RateLimitDecision)
        case leaseNeeded([BucketID])
    }

    private func take(from buckets: [Bucket]) -> Outcome {
        state.withLock { state in
            let now = Self.localMicros() + state.clockOffset
            var needed: [BucketID] = []
            var refusal: (status: RateLimitStatus, retryAfter: Int64)?
            var takenMask = 0
            var tightest: RateLimitStatus?
            for (index, bucket) in buckets.enumerated() {
                // One lookup, mutated in place: the hot path of every request.
                let (taking, status) = Self.take(
                    &state.buckets[bucket.id, default: HeldBucket(bucket.id, rate: bucket.rate, now: now)], bucket, now: now)
                switch taking {
                case .taken:
                    takenMask |= 1 << index
                    if status.remaining < tightest?.remaining ?? .max { tightest = status }
                case .leaseNeeded: needed.append(bucket.id)
                case .refused(let micros):
                    if micros > refusal?.retryAfter ?? 0 { refusal = (status, micros) }
                }
            }
            guard takenMask.nonzeroBitCount == buckets.count, let tightest else {
                // All or none: the tokens taken go back.
                for (index, bucket) in buckets.enumerated() where takenMask & (1 << index) != 0 {
                    state.buckets[bucket.id]?.tokens.giveBack()
                }
                guard let refusal else { return .leaseNeeded(needed) }
                return .decided(RateLimitDecision(
                    status: refusal.status, retryAfterSeconds: Int((refusal.retryAfter + 999_999) / 1_000_000)))
            }
            // A bucket down to a quarter of its chunk leases the next one now, in the background,
            // so that no request waits for it (a replica then holds at most 1¼ chunks).
            let runningLow = buckets.filter { bucket in
                guard state.leases[bucket.id] == nil, let tokens = state.buckets[bucket.id]?.tokens else { return false }
                return tokens.available < Self.chunk(of: bucket.rate) / 4 && !tokens.sharedBucketIsEmpty(now: now)
            }
            if !runningLow.isEmpty {
                let task = Task { try await self.leaseNow(runningLow) }
                for bucket in runningLow { state.leases[bucket.id] = task }
            }
            return .decided(RateLimitDecision(status: tightest, retryAfterSeconds: nil))
        }
    }

    /// Takes one token of `held` (started afresh when its rate changed) and says what is left.
    private static func take(_ held: inout HeldBucket, _ bucket: Bucket, now: Int64) -> (LeasedTokens.Take, RateLimitStatus) {
        if held.policy.rate != bucket.rate { held = HeldBucket(bucket.id, rate: bucket.rate, now: now) }
        let taking = held.tokens.take(now: now)
        let tokens = held.tokens
        let fullAt = tokens.fullAt(now: now)
        return (taking, RateLimitStatus(
            policy: held.policy, remaining: tokens.remaining(now: now),
            resetAt: (fullAt + 999_999) / 1_000_000, resetSeconds: Int((fullAt - now + 999_999) / 1_000_000)))
    }

    /// Leases a chunk of every named bucket in one statement; a request that finds a lease of
    /// its bucket under way waits for that one instead.
    private func lease(_ buckets: [Bucket]) async throws {
        let tasks: [Task<Void, any Error>] = state.withLock { state in
            for bucket in buckets { state.waiting[bucket.id, default: 0] += 1 }
            let missing = buckets.filter { state.leases[$0.id] == nil }
            if !missing.isEmpty {
                let task = Task { try await self.leaseNow(missing) }
                for bucket in missing { state.leases[bucket.id] = task }
            }
            return buckets.compactMap { state.leases[$0.id] }
        }
        defer {
            state.withLock { state in
                for bucket in buckets {
                    state.waiting[bucket.id, default: 1] -= 1
                    if state.waiting[bucket.id] == 0 { state.waiting[bucket.id] = nil }
                }
            }
        }
        for task in tasks { try await task.value }
    }

    private func leaseNow(_ buckets: [Bucket]) async throws {
        defer { state.withLock { state in for bucket in buckets { state.leases[bucket.id] = nil } } }
        let waiting = state.withLock { state in buckets.map { state.waiting[$0.id] ?? 0 } }
        let names = buckets.map(\.id.name)
        let asked = Self.localMicros()
        let leases = try await RateLimitRepository(database).lease(
            buckets.indices.map { (names[$0], max(Self.chunk(of: buckets[$0].rate), waiting[$0]), buckets[$0].rate) })
        let answered = Self.localMicros()
        state.withLock { state in
            for lease in leases {
                guard let index = names.firstIndex(of: lease.bucket) else { continue }
                let bucket = buckets[index]
                var held = state.buckets[bucket.id].flatMap { $0.policy.rate == bucket.rate ? $0 : nil }
                    ?? HeldBucket(bucket.id, rate: bucket.rate, now: lease.now)
                held.tokens.leased(granted: lease.granted, arrival: lease.arrival, now: lease.now)
                state.buckets[bucket.id] = held
                state.clockOffset = lease.now - (asked + answered) / 2
            }
        }
    }

    private func unreachable(_ error: any Error) throws(LedgerError) {
        try settings.whenStoreUnreachable(error, by: "the rate limiter", logger: logger)
    }

    /// Forgets the buckets that are full again, here and in the database.
    public func forgetFullBuckets() async throws {
        try await RateLimitRepository(database).forgetFullBuckets()
        state.withLock { state in
            let now = Self.localMicros() + state.clockOffset
            state.buckets = state.buckets.filter { $0.value.tokens.available > 0 || $0.value.tokens.fullAt(now: now) > now }
        }
    }

    /// A twentieth of the burst, so that `n` replicas admit at most `n/20` of a burst beyond it.
    static func chunk(of rate: RequestRate) -> Int {
        min(1_000, max(1, rate.burst / 20))
    }

    static func callerBucket(_ principal: Principal, in category: RateCategory?) -> BucketID {
        switch principal.actor {
        case .apiKey(let id, _): .apiKey(id, category)
        case .user(let id, _, _): .user(id, in: principal.orgID, category)
        }
    }

    static func localMicros() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1_000_000)
    }
}
