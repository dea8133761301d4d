import Foundation
import LedgerCore
import Testing

@Suite struct RFC3339Tests {
    let foundation = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    @Test func instantsAreWrittenAsFoundationWritesThem() {
        let edges: [Double] = [
            0, -0.0005, -1e-7, 1e-7, -1, 0.999, 0.9995, 0.0009999999, 1.001, 86_399.9999, 951_782_400, 951_868_800,
            1_700_000_000.9999999, 4_102_444_800, 253_402_300_799.999, -12_219_292_800, -12_219_292_800.5,
            -62_135_596_800, 253_402_300_800, 1e12, -1e12,
        ]
        var generator = SystemRandomNumberGenerator()
        let spread = (0..<20_000).map { _ in Double.random(in: -12_219_292_800...253_402_300_799, using: &generator) }
        let milliseconds = (0..<20_000).map { _ in Double(Int64.random(in: 0...4_102_444_800_000, using: &generator)) / 1000 }
        let microseconds = (0..<20_000).map { _ in Double(Int64.random(in: 0...4_102_444_800_000_000, using: &generator)) / 1_000_000 }
        for seconds in edges + spread + milliseconds + microseconds {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC3339.format(date) == foundation.format(date), "\(seconds)")
        }
    }

    /// Fractions a double holds exactly: milliseconds are cut, not rounded.
    @Test func knownInstants() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_796_657_792.75)) == "2026-12-07T15:36:32.750Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 951_825_600.9996337890625)) == "2000-02-29T12:00:00.999Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -0.25)) == "1969-12-31T23:59:59.750Z")
    }
}
