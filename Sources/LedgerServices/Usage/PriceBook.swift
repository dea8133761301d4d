import LedgerCore
import LedgerStore

/// The prices of one transaction's events: each (provider, model)'s candidates are read once,
/// and each event is priced at its own time.
struct PriceBook {
    let prices: PriceRepository
    let scope: TenantScope
    private var candidates: [String: PriceCandidates] = [:]

    init(_ prices: PriceRepository, scope: TenantScope) {
        self.prices = prices
        self.scope = scope
    }

    /// The event's cost (nil without a price in effect), or why it cannot be priced (past the
    /// per-record maximum); a database failure is thrown.
    mutating func cost(of event: UsageEvent) async throws -> Result<CostBreakdown?, LedgerError> {
        let lookup = "\(event.provider)\u{0}\(event.model)"
        if candidates[lookup] == nil {
            candidates[lookup] = try await prices.candidates(scope, model: event.model, provider: event.provider)
        }
        let definition = candidates[lookup]?.definition(at: event.occurredAt)
        return Result { () throws(LedgerError) in try definition?.cost(of: event.buckets, serviceTier: event.serviceTier) }
    }
}
