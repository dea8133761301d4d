/// The largest amounts one usage record may carry (docs/USAGE.md, "Limits"). They keep every
/// per-record sum far inside 64 bits, so one record's cost, its token total and its CSV line
/// are exact; sums over many records are checked where they are made.
public enum UsageLimits {
    /// Any one token count: ten billion, a thousand times the longest context window.
    public static let maximumTokens: Int64 = 10_000_000_000
    /// Images, audio seconds and billable requests in one record.
    public static let maximumUnits: Int64 = 10_000_000
    /// Latency and time to first token: one day.
    public static let maximumMilliseconds = 86_400_000
    /// One record's cost, computed or reported: one million USD.
    public static let maximumCostNanos: NanoUSD = 1_000_000_000_000_000

    /// The largest value of a reported count, by its name in the usage shapes.
    public static func maximum(forCount name: String) -> Int64 {
        ["images", "audio_seconds", "requests"].contains(name) ? maximumUnits : maximumTokens
    }

    /// The issue for a count outside 0...`maximum`, if it is.
    static func issue(_ field: String, _ value: Int64?, maximum: Int64) -> FieldIssue? {
        guard let value, !(0...maximum).contains(value) else { return nil }
        return FieldIssue(field: field, message: "must be a whole number from 0 to \(maximum)")
    }
}

extension Int64 {
    /// `self + other`, or `RESULT_OUT_OF_RANGE` when the sum leaves 64 bits: sums over stored
    /// amounts are checked, never trapped.
    public func checkedAdding(_ other: Int64) throws(LedgerError) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard !overflow else {
            throw .badRequest(
                code: "RESULT_OUT_OF_RANGE",
                message: "The sum exceeds 9223372036854775807; narrow the window or the filter")
        }
        return sum
    }
}
