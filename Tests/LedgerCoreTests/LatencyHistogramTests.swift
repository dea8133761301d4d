import LedgerCore
import Testing

@Suite struct LatencyHistogramTests {
    @Test func bucketsIncludeTheirUpperBound() {
        #expect(LatencyHistogram.bucket(forMs: 0) == 0)
        #expect(LatencyHistogram.bucket(forMs: 10) == 0)
        #expect(LatencyHistogram.bucket(forMs: 11) == 1)
        #expect(LatencyHistogram.bucket(forMs: 120_000) == LatencyHistogram.bucketCount - 2)
        #expect(LatencyHistogram.bucket(forMs: 120_001) == LatencyHistogram.bucketCount - 1)
        #expect(LatencyHistogram.columnNames.count == LatencyHistogram.bucketCount)
    }

    @Test func percentilesInterpolateWithinTheirBucket() {
        var histogram = LatencyHistogram()
        #expect(histogram.percentile(0.5) == nil)
        for milliseconds in [1, 2, 3, 4] as [Int64] { histogram.record(milliseconds) }
        #expect(histogram.percentile(0.5) == 5, "half of (0, 10]")
        #expect(histogram.percentile(1) == 10)
        histogram.record(500_000, count: 4)
        #expect(histogram.percentile(0.99) == 120_000, "the open-ended bucket answers its lower bound")
    }
}
