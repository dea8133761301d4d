import Synchronization

/// Group commit: entries submitted while earlier commits are in flight are stored together,
/// one `store` call per group (for ingest, per organization), and each submitter is answered
/// after the call that holds its entry. Under light load a commit holds one entry and waits
/// for nothing; under heavy load the round trips are shared. At most `maxConcurrentBatches`
/// batches are in flight; a batch makes one `store` call per group in it, concurrently.
final class GroupCommit<Group: Hashable & Sendable, Entry: Sendable, Outcome: Sendable>: Sendable {
    typealias Store = @Sendable (_ entries: [Entry], _ group: Group) async throws -> [Outcome]

    private struct Waiting {
        let entry: Entry
        let group: Group
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var committing = 0
    }

    private let state = Mutex(State())
    private let maxConcurrentBatches: Int
    private let store: Store

    init(maxConcurrentBatches: Int, store: @escaping Store) {
        self.maxConcurrentBatches = maxConcurrentBatches
        self.store = store
    }

    func submit(_ entry: Entry, in group: Group) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let startsCommitting = state.withLock { state in
                state.waiting.append(Waiting(entry: entry, group: group, continuation: continuation))
                guard state.committing < maxConcurrentBatches else { return false }
                state.committing += 1
                return true
            }
            if startsCommitting {
                Task { await commitWhileWaiting() }
            }
        }
    }

    private func commitWhileWaiting() async {
        while let batch = takeWaiting() {
            let groups = Dictionary(grouping: batch, by: \.group).values
            guard groups.count > 1 else {
                await commit(batch)
                continue
            }
            await withTaskGroup(of: Void.self) { tasks in
                for waiting in groups {
                    tasks.addTask { await self.commit(waiting) }
                }
            }
        }
    }

    private func takeWaiting() -> [Waiting]? {
        state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.committing -= 1
                return nil
            }
            let batch = state.waiting
            state.waiting = []
            return batch
        }
    }

    /// A failed shared commit is retried one entry at a time, so that one bad entry (say,
    /// text PostgreSQL refuses) fails only its own submitter.
    private func commit(_ waiting: [Waiting]) async {
        do {
            let outcomes = try await store(waiting.map(\.entry), waiting[0].group)
            for (waiting, outcome) in zip(waiting, outcomes) {
                waiting.continuation.resume(returning: outcome)
            }
        } catch {
            guard waiting.count > 1 else {
                waiting[0].continuation.resume(throwing: error)
                return
            }
            for single in waiting {
                await commit([single])
            }
        }
    }
}
