import Foundation
import LedgerCore
import OpenAPIKit

/// An amount of USD as a caller writes it: a decimal string (`"100.50"`) or a JSON number
/// (`100.50`), read digit by digit into nano-USD (a JSON number is decoded as `Decimal` from
/// its text, never through a binary floating-point value). `nanos` is nil when the amount has
/// more than nine decimals, is negative or is too large.
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
        nanos = NanoUSD(usdDecimal: written)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(written)
    }

    static func schema(required: Bool, description: String) -> JSONSchema {
        .any(
            of: [
                .string(pattern: #"^[0-9]{1,10}(\.[0-9]{1,9})?$"#),
                .number(maximum: (9_000_000_000, exclusive: false), minimum: (0, exclusive: true)),
            ], core: .init(required: required, description: description))
    }
}
