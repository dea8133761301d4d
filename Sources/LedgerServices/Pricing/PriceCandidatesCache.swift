import LedgerCore
import Synchronization

/// The price candidates ingest reads, kept per organization, provider and model: a group of
/// ingests is then one round trip (its write), not two. Kept only while this replica hears
/// every change (`ChannelListener.priceChanges`): a change anywhere empties it when its
/// commit is notified, this replica's own price writes empty it before they answer, and
/// starting or stopping to listen empties it, since a change may have gone unheard. A read
/// that a change overtook is used once and not kept.
public final class PriceCandidatesCache: Sendable {
    struct Key: Hashable {
        let org: OrgID
        let provider: String?
        let model: String
    }

    private struct State {
        var generation = 0
        var isListening = false
        var entries: [Key: PriceCandidates] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Past `capacity` entries it starts afresh.
    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func candidates(
        _ scope: TenantScope, provider: String?, model: String, reading read: () async throws -> PriceCandidates
    ) async throws -> PriceCandidates {
        let key = Key(org: scope.orgID, provider: provider, model: model)
        let (kept, generation) = state.withLock { ($0.entries[key], $0.generation) }
        if let kept { return kept }
        let candidates = try await read()
        state.withLock { state in
            guard state.isListening, state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll() }
            state.entries[key] = candidates
        }
        return candidates
    }

    /// Some price changed: everything kept is forgotten.
    public func pricesChanged() {
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll()
        }
    }

    /// Whether changes are heard from now on.
    public func listening(_ isListening: Bool) {
        state.withLock { state in
            state.isListening = isListening
            state.generation += 1
            state.entries.removeAll()
        }
    }
}
