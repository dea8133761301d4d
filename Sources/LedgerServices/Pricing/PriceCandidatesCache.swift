import LedgerCore
import Synchronization

/// The price candidates ingest reads, kept per organization, provider and model: a group of
/// ingests is then one round trip (its write), not two. Kept only while this replica hears
/// every change (`ChannelListener.priceChanges`): a change anywhere empties it when its
/// commit is notified, this replica's own price writes empty it before they answer, and
/// starting or stopping to listen empties it, since a change may have gone unheard. A read
/// that a change overtook is used once and not kept.
public final class PriceCandidatesCache: Sendable {
    struct Model: Hashable {
        let provider: String?
        let model: String
    }

    private struct State {
        var generation = 0
        var isListening = false
        var entries: [OrgID: [Model: PriceCandidates]] = [:]
        var count = 0

        /// Full, the organization that keeps the most forgets what it kept: one organization
        /// sending many model names pushes out its own candidates, not everyone's.
        mutating func keep(_ candidates: PriceCandidates, for model: Model, of org: OrgID, capacity: Int) {
            if entries[org]?[model] == nil, count >= capacity,
                let (largest, kept) = entries.max(by: { $0.value.count < $1.value.count })
            {
                entries[largest] = nil
                count -= kept.count
            }
            if entries[org, default: [:]].updateValue(candidates, forKey: model) == nil { count += 1 }
        }

        mutating func forgetAll() {
            generation += 1
            entries.removeAll()
            count = 0
        }
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// At most `capacity` entries, over all organizations.
    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func candidates(
        _ scope: TenantScope, provider: String?, model: String, reading read: () async throws -> PriceCandidates
    ) async throws -> PriceCandidates {
        let model = Model(provider: provider, model: model)
        let (kept, generation) = state.withLock { ($0.entries[scope.orgID]?[model], $0.generation) }
        if let kept { return kept }
        let candidates = try await read()
        state.withLock { state in
            guard state.isListening, state.generation == generation else { return }
            state.keep(candidates, for: model, of: scope.orgID, capacity: capacity)
        }
        return candidates
    }

    /// Some price changed: everything kept is forgotten.
    public func pricesChanged() {
        state.withLock { $0.forgetAll() }
    }

    /// Whether changes are heard from now on.
    public func listening(_ isListening: Bool) {
        state.withLock { state in
            state.isListening = isListening
            state.forgetAll()
        }
    }
}
