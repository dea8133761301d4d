import Foundation
import LedgerCore
import OpenAPIKit

/// An amount of USD as a caller writes it: a decimal string (`"100.50"`) or a JSON number
/// (`100.50`), read digit by digit into nano-USD (a JSON number is decoded as `Decimal` from
/// its text, never through a binary floating-point value). `nanos` is nil when the amount has
/// more than nine decimals, is negative or is over `maximumNanos`, in either form.
struct USDAmount: Codable, Sendable, Equatable {
    let nanos: NanoUSD?
    private let written: String

    init(nanos: NanoUSD) {
        self.nanos = nanos
        written = nanos.usdString(decimals: 9)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            written = text
        } else {
            written = try container.decode(Decimal.self).description
        }
        nanos = NanoUSD(usdDecimal: written).flatMap { $0 <= Self.maximumNanos ? $0 : nil }
    }

    /// The same amount, however written (`"10"`, `10.0`).
    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.nanos != nil || rhs.nanos != nil ? lhs.nanos == rhs.nanos : lhs.written == rhs.written
    }

    /// Nine billion USD.
    static let maximumNanos: NanoUSD = 9_000_000_000_000_000_000
    static let range = "from 0 to 9000000000 USD with at most 9 decimals"

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(written)
    }

    static func schema(required: Bool, description: String, zeroAllowed: Bool = false) -> JSONSchema {
        .any(
            of: [
                // Up to 8999999999.999999999, or 9000000000 itself.
                .string(pattern: #"^(([0-8][0-9]{9}|[0-9]{1,9})(\.[0-9]{1,9})?|9000000000(\.0{1,9})?)$"#),
                .number(maximum: (9_000_000_000, exclusive: false), minimum: (0, exclusive: !zeroAllowed)),
            ], core: .init(required: required, description: description))
    }
}
