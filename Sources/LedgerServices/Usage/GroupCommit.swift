import Synchronization

/// Group commit: entries of one group (for ingest, one organization) submitted while its
/// earlier commits are in flight are stored together, one `store` call for all of them, and
/// each submitter is answered after the call that holds its entry. Under light load a commit
/// holds one entry and waits for nothing; under heavy load the round trips are shared.
///
/// Each group has its own line of commits, at most `maxCommitsPerGroup` in flight: a group
/// whose commit is slow (a lock, a retry one entry at a time) delays only its own entries,
/// never another group's.
final class GroupCommit<Group: Hashable & Sendable, Entry: Sendable, Outcome: Sendable>: Sendable {
    typealias Store = @Sendable (_ entries: [Entry], _ group: Group) async throws -> [Outcome]

    private struct Waiting {
        let entry: Entry
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct Line {
        var waiting: [Waiting] = []
        var committing = 0
    }

    /// Only groups with entries waiting or commits in flight.
    private let lines = Mutex<[Group: Line]>([:])
    private let maxCommitsPerGroup: Int
    private let store: Store

    init(maxCommitsPerGroup: Int, store: @escaping Store) {
        self.maxCommitsPerGroup = maxCommitsPerGroup
        self.store = store
    }

    func submit(_ entry: Entry, in group: Group) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let startsCommitting = lines.withLock { lines in
                lines[group, default: Line()].waiting.append(Waiting(entry: entry, continuation: continuation))
                guard lines[group]!.committing < maxCommitsPerGroup else { return false }
                lines[group]!.committing += 1
                return true
            }
            if startsCommitting {
                Task { await commitWhileWaiting(in: group) }
            }
        }
    }

    private func commitWhileWaiting(in group: Group) async {
        while let batch = takeWaiting(in: group) {
            await commit(batch, in: group)
        }
    }

    private func takeWaiting(in group: Group) -> [Waiting]? {
        lines.withLock { lines in
            guard let waiting = lines[group]?.waiting, !waiting.isEmpty else {
                lines[group]!.committing -= 1
                if lines[group]!.committing == 0 { lines[group] = nil }
                return nil
            }
            lines[group]!.waiting = []
            return waiting
        }
    }

    /// A failed shared commit is retried one entry at a time, so that one bad entry (say,
    /// text PostgreSQL refuses) fails only its own submitter.
    private func commit(_ waiting: [Waiting], in group: Group) async {
        do {
            let outcomes = try await store(waiting.map(\.entry), group)
            for (waiting, outcome) in zip(waiting, outcomes) {
                waiting.continuation.resume(returning: outcome)
            }
        } catch {
            guard waiting.count > 1 else {
                waiting[0].continuation.resume(throwing: error)
                return
            }
            for single in waiting {
                await commit([single], in: group)
            }
        }
    }
}
