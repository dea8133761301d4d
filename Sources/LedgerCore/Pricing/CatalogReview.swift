public import Foundation

/// A catalog entry that looks like one of the unit slips public catalogs are known to ship
/// (per token read as per million, a price several times off its previous version).
public struct PriceOutlier: Sendable, Equatable, CustomStringConvertible {
    public var provider: String
    public var model: String
    public var reason: String

    public var description: String { "\(provider)/\(model): \(reason)" }
}

/// The checks an imported catalog passes before it may reprice anything.
public struct CatalogReview: Sendable {
    /// A rate that moves by more than this factor, up or down, against the version in force.
    public var maximumChange: Decimal = 3
    /// An output rate below the input rate divided by this.
    public var implausibleOutputDiscount: Decimal = 10

    public init(maximumChange: Decimal = 3, implausibleOutputDiscount: Decimal = 10) {
        self.maximumChange = maximumChange
        self.implausibleOutputDiscount = implausibleOutputDiscount
    }

    /// Every outlier of `entries`; `current` holds the definitions in force, by provider and model.
    public func outliers(of entries: [CatalogEntry], current: [String: PriceDefinition]) -> [PriceOutlier] {
        entries.flatMap { entry -> [PriceOutlier] in
            var reasons: [String] = []
            if let previous = current[Self.key(entry.provider, entry.model)] {
                for ((name, new), (_, old)) in zip(entry.rates.named, previous.rates.named) {
                    guard let new, let old, new > 0, old > 0 else { continue }
                    let factor = max(new / old, old / new)
                    if factor > maximumChange {
                        reasons.append("\(name) moves from \(old) to \(new) USD (\(Self.rounded(factor))×)")
                    }
                }
            }
            if let input = entry.rates.inputPerMillion, let output = entry.rates.outputPerMillion, output > 0,
                output * implausibleOutputDiscount < input
            {
                reasons.append("output_per_million \(output) is below input_per_million \(input) by \(Self.rounded(input / output))×")
            }
            return reasons.map { PriceOutlier(provider: entry.provider, model: entry.model, reason: $0) }
        }
    }

    public static func key(_ provider: String, _ model: String) -> String { "\(provider)/\(model)" }

    static func rounded(_ value: Decimal) -> Decimal { value.rounded(toPlaces: 1, .plain) }
}

extension PriceRates {
    /// Each rate with its name as the API spells it.
    public var named: [(String, Decimal?)] {
        [
            ("input_per_million", inputPerMillion), ("cache_read_per_million", cacheReadPerMillion),
            ("cache_write_5m_per_million", cacheWrite5mPerMillion), ("cache_write_1h_per_million", cacheWrite1hPerMillion),
            ("output_per_million", outputPerMillion), ("reasoning_per_million", reasoningPerMillion), ("per_image", perImage),
            ("per_audio_second", perAudioSecond), ("per_request", perRequest), ("overage_per_million", overagePerMillion),
        ]
    }
}
