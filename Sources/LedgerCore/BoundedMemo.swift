import Synchronization

/// Values remembered by key, shared across threads, up to `capacity` of them: for pure
/// results of keys that are usually few but may come from callers (JSON keys of free-form
/// objects, token headers), so past the bound a new key is simply not remembered.
public final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let values = Mutex<[Key: Value]>([:])
    private let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public func value(for key: Key) -> Value? {
        values.withLock { $0[key] }
    }

    public func remember(_ value: Value, for key: Key) {
        values.withLock { values in
            if values.count < capacity { values[key] = value }
        }
    }
}
