import LedgerCore
import LedgerStore

/// The prices of a group of events: each (provider, model)'s candidates are looked up once,
/// and each event is priced at its own time.
struct PriceBook {
    typealias Lookup = (_ model: String, _ provider: String?) async throws -> PriceCandidates
    private let lookUp: Lookup
    private var candidates: [String: PriceCandidates] = [:]

    init(lookingUp lookUp: @escaping Lookup) {
        self.lookUp = lookUp
    }

    /// Reads every lookup through `prices` (a transaction's, when prices must be read in it).
    init(_ prices: PriceRepository, scope: TenantScope) {
        self.init { try await prices.candidates(scope, model: $0, provider: $1) }
    }

    /// Reads a miss of `cache` on a tenant connection of its own.
    init(_ database: Database, scope: TenantScope, cache: PriceCandidatesCache?) {
        self.init { model, provider in
            let read = { try await database.read(in: scope) { try await PriceRepository($0).candidates(scope, model: model, provider: provider) } }
            guard let cache else { return try await read() }
            return try await cache.candidates(scope, provider: provider, model: model, reading: read)
        }
    }

    /// The event's cost (nil without a price in effect), or why it cannot be priced (past the
    /// per-record maximum); a database failure is thrown.
    mutating func cost(of event: UsageEvent) async throws -> Result<CostBreakdown?, LedgerError> {
        let lookup = "\(event.provider)\u{0}\(event.model)"
        if candidates[lookup] == nil {
            candidates[lookup] = try await lookUp(event.model, event.provider)
        }
        let definition = candidates[lookup]?.definition(at: event.occurredAt)
        return Result { () throws(LedgerError) in try definition?.cost(of: event.buckets, serviceTier: event.serviceTier) }
    }
}
