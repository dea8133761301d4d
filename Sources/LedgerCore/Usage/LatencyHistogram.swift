/// Counts of requests by latency in fixed buckets, kept per rollup row so that percentiles
/// over any window and grouping come from sums, never from raw events. A percentile is
/// estimated by linear interpolation inside its bucket, so its error is at most that
/// bucket's width.
public struct LatencyHistogram: Sendable, Equatable {
    /// Inclusive upper bounds in milliseconds; one more bucket holds everything slower.
    public static let upperBoundsMs: [Int64] = [
        10, 25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000, 30_000, 60_000,
        120_000,
    ]
    public static let bucketCount = upperBoundsMs.count + 1

    /// The rollup columns, in bucket order: `latency_le_10` … `latency_gt_120000`.
    public static let columnNames: [String] =
        upperBoundsMs.map { "latency_le_\($0)" } + ["latency_gt_\(upperBoundsMs.last!)"]

    public var counts: [Int64]

    public init(counts: [Int64] = Array(repeating: 0, count: bucketCount)) {
        precondition(counts.count == Self.bucketCount, "one count per bucket")
        self.counts = counts
    }

    public static func bucket(forMs milliseconds: Int64) -> Int {
        upperBoundsMs.firstIndex { milliseconds <= $0 } ?? upperBoundsMs.count
    }

    public mutating func record(_ milliseconds: Int64, count: Int64 = 1) {
        counts[Self.bucket(forMs: milliseconds)] += count
    }

    /// The estimated latency below which `fraction` (0…1) of the requests fall; nil when
    /// empty. In the open-ended last bucket the estimate is that bucket's lower bound.
    public func percentile(_ fraction: Double) -> Double? {
        // In floating point: an estimate, and a sum of counts that cannot overflow.
        let total = counts.reduce(0) { $0 + Double($1) }
        guard total > 0 else { return nil }
        let rank = fraction * total
        var below = 0.0
        for (index, count) in counts.enumerated() where count > 0 {
            if below + Double(count) >= rank {
                let lower = index == 0 ? 0 : Double(Self.upperBoundsMs[index - 1])
                guard index < Self.upperBoundsMs.count else { return lower }
                let upper = Double(Self.upperBoundsMs[index])
                return lower + (upper - lower) * max(0, rank - below) / Double(count)
            }
            below += Double(count)
        }
        return Double(Self.upperBoundsMs.last!)
    }
}
