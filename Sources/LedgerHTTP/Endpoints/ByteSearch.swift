/// Whether `pattern` occurs in `bytes`, each pair of bytes compared by `matches`: a plain scan
/// over contiguous bytes, for the checks every request body and header goes through, where
/// `firstRange(of:)` and lowercasing copies cost many times more.
func occurs(
    _ pattern: [UInt8], in bytes: UnsafeRawBufferPointer, matching matches: (_ byte: UInt8, _ expected: UInt8) -> Bool = (==)
) -> Bool {
    guard bytes.count >= pattern.count else { return false }
    return (0...(bytes.count - pattern.count)).contains { start in
        pattern.indices.allSatisfy { matches(bytes[start + $0], pattern[$0]) }
    }
}
