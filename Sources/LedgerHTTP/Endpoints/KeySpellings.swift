import Synchronization

/// A key strategy's conversion, remembered: the encoder and decoder call it for every key of
/// every body, and the API's own keys are few. Keys of free-form objects (metadata) pass
/// through it too and are unbounded, so past `capacity` a new key is converted each time.
final class KeySpellings: Sendable {
    private let remembered = Mutex<[String: String]>([:])
    private let capacity: Int
    private let convert: @Sendable (String) -> String

    init(capacity: Int = 4096, _ convert: @escaping @Sendable (String) -> String) {
        self.capacity = capacity
        self.convert = convert
    }

    func callAsFunction(_ key: String) -> String {
        if let known = remembered.withLock({ $0[key] }) { return known }
        let converted = convert(key)
        remembered.withLock { remembered in
            if remembered.count < capacity { remembered[key] = converted }
        }
        return converted
    }
}
