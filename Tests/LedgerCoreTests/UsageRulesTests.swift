import Foundation
import LedgerCore
import Testing

@Suite struct UsageRulesTests {
    @Test(arguments: [
        ("0", Int64(0)), ("1", 1_000_000_000), ("0.0035", 3_500_000), ("12.000000001", 12_000_000_001),
        ("9223372036.854775807", Int64.max),
    ])
    func usdDecimalsBecomeExactNanos(text: String, nanos: Int64) {
        #expect(NanoUSD(usdDecimal: text) == nanos)
    }

    @Test(arguments: ["", "-1", "1.", ".5", "1.0000000001", "1e3", " 1", "9223372036.854775808", "99999999999999999999", "1,5"])
    func anythingElseIsNotAnAmount(text: String) {
        #expect(NanoUSD(usdDecimal: text) == nil)
    }

    @Test func retriesAreKeyedByIdempotencyKeyOrRequestIDInSeparateNamespaces() throws {
        let rules = UsageRules()
        #expect(try rules.retryKey(idempotencyKey: "a", requestID: "a") == "key:a")
        #expect(try rules.retryKey(idempotencyKey: nil, requestID: "a") == "request:a")
        #expect(try rules.retryKey(idempotencyKey: nil, requestID: nil) == nil)
        #expect(throws: LedgerError.self) { try rules.retryKey(idempotencyKey: "", requestID: nil) }
        #expect(throws: LedgerError.self) { try rules.retryKey(idempotencyKey: String(repeating: "k", count: 256), requestID: nil) }
    }

    @Test func aBatchHoldsOneToTheLimit() throws {
        var rules = UsageRules()
        rules.batchLimit = 3
        try rules.checkBatchSize(1)
        try rules.checkBatchSize(3)
        #expect(throws: LedgerError.self) { try rules.checkBatchSize(0) }
        #expect(throws: LedgerError.self) { try rules.checkBatchSize(4) }
    }
}
