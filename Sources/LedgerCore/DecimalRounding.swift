public import Foundation

extension Decimal {
    /// This value rounded to `places` decimals; half-even by default, as money is rounded here.
    public func rounded(toPlaces places: Int = 0, _ mode: NSDecimalNumber.RoundingMode = .bankers) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, places, mode)
        return result
    }
}
