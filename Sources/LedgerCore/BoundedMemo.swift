public import Synchronization

/// Values remembered by key, shared across threads, up to `capacity` of them: for pure
/// results of keys that are usually few but may come from callers (JSON keys of free-form
/// objects, token headers, the answers of `/auth/me`). When it is full it starts afresh, so
/// keys no longer asked for (a profile before its change) do not hold the room for good, and
/// a flood of new keys costs recomputation, never memory.
///
/// Inlinable so that each use is specialized for its types: unspecialized, every lookup
/// instantiated the generic metadata at run time (1.5% of a server's CPU in `perf`).
public final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline let values = Mutex<[Key: Value]>([:])
    @usableFromInline let capacity: Int

    @inlinable public init(capacity: Int) {
        self.capacity = capacity
    }

    @inlinable public func value(for key: Key) -> Value? {
        values.withLock { $0[key] }
    }

    @inlinable public func remember(_ value: Value, for key: Key) {
        values.withLock { values in
            if values.count >= capacity { values.removeAll(keepingCapacity: true) }
            values[key] = value
        }
    }
}
