import LedgerCore

/// A key strategy's conversion, remembered: the encoder and decoder call it for every key of
/// every body, and the API's own keys are few. Keys of free-form objects (metadata) pass
/// through it too and are unbounded, so past the memo's bound a new key is converted each time.
struct KeySpellings<Spelled: Sendable>: Sendable {
    private let remembered = BoundedMemo<String, Spelled>(capacity: 4096)
    private let convert: @Sendable (String) -> Spelled

    init(_ convert: @escaping @Sendable (String) -> Spelled) {
        self.convert = convert
    }

    func callAsFunction(_ key: String) -> Spelled {
        if let known = remembered.value(for: key) { return known }
        let converted = convert(key)
        remembered.remember(converted, for: key)
        return converted
    }
}
