public import Foundation

extension UUID {
    /// The lower-case text of the UUID, as PostgreSQL and every id the API prints: written
    /// straight into the string, where Foundation's `uuidString` formats each byte through
    /// `snprintf` and `lowercased()` copies it again (both showed in every request's profile:
    /// each answer names its ids, each request gets one).
    public var lowercasedText: String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { text in
            digits.withUTF8Buffer { digits in
                withUnsafeBytes(of: uuid) { bytes in
                    var position = 0
                    for (index, byte) in bytes.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            text[position] = UInt8(ascii: "-")
                            position += 1
                        }
                        text[position] = digits[Int(byte >> 4)]
                        text[position + 1] = digits[Int(byte & 0x0F)]
                        position += 2
                    }
                }
            }
            return 36
        }
    }
}
