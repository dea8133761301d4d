import Foundation
@testable import LedgerApp
import LedgerCore
@testable import LedgerHTTP
import LedgerTestSupport
import NIOCore
import NIOFoundationCompat
import Testing

/// Answers are written by `APIJSONEncoder`; it must write what Foundation's encoder with the
/// API's rules writes, byte for byte, for every type the API answers or accepts.
@Suite struct APIJSONEncoderTests {
    /// `written` holds what `foundation` writes for `value`, byte for byte.
    func expect(_ written: ByteBuffer, asFoundationWrites value: some Encodable, with foundation: JSONEncoder, _ label: String = "") throws {
        let bytes = Data(buffer: written)
        #expect(bytes == (try foundation.encode(value)), "\(label)\(String(decoding: bytes, as: UTF8.self))")
    }

    func compare<T: APISchema>(_ type: T.Type) throws -> Int {
        let coding = JSONCoding()
        for sample in type.samples {
            try expect(try coding.encode(sample), asFoundationWrites: sample, with: coding.encoder(), "\(T.self): ")
        }
        return type.samples.count
    }

    @Test func everySampleOfTheAPIIsWrittenAsFoundationWritesIt() async throws {
        let records = try await ApplicationBuilder.registry(config: AppConfig(), logger: .quiet).records
        var compared = try compare(ErrorResponse.self)
        for record in records {
            for type in [record.requestSchema].compactMap({ $0 }) + record.responseSchemas {
                compared += try compare(type)
            }
        }
        #expect(compared > 100)
    }

    /// Two views of one object, the second writing a key the first wrote.
    struct Views: Encodable {
        enum Keys: String, CodingKey { case shared, firstOnly, secondOnly }
        func encode(to encoder: any Encoder) throws {
            var first = encoder.container(keyedBy: Keys.self)
            try first.encode(1, forKey: .shared)
            try first.encode("a", forKey: .firstOnly)
            var second = encoder.container(keyedBy: Keys.self)
            try second.encode(2, forKey: .shared)
            try second.encode(true, forKey: .secondOnly)
        }
    }

    struct Probe: Encodable {
        var views = Views()
        var camelCaseName = "tab\there \"quoted\" back\\slash \u{1} é / \u{2028}"
        var metadata: [String: JSONValue] = [
            "camelKey": .object(["innerKey": .array([.integer(-1), .null, .bool(true), .string("x")])]), "b": .integer(.max),
        ]
        var counts: [String: Int64] = ["zKey": 1, "aKey": 2]
        /// Keys alike in their first eight bytes or more, one the start of another, capitals,
        /// digits, NUL and bytes past ASCII: the order is their UTF-8 bytes'.
        var orderedKeys: [String: Int] = [
            "cache_write_5m": 1, "cache_write": 2, "cache_write_1h": 3, "Z": 4, "a": 5, "ab": 6, "ab\u{0}": 7, "é": 8,
            "e": 9, "": 10, "10": 11, "9": 12, "abcdefgh": 13, "abcdefghi": 14,
        ]
        var ratio = 0.1
        var whole = 3.0
        var large = 1e21
        var money = Decimal(string: "12.340000001")!
        var decimals: [Decimal] = [
            0, -1, 1200.5, Decimal(string: "1e30")!, Decimal(string: "-0.000000001")!, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
            .nan,
        ]
        var when = Date(timeIntervalSince1970: 1_790_000_000.123)
        var id = UUID(uuid: (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16))
        var absent: String? = nil
        var tiers: [[String: Int]] = [["b": 1, "a": 2], [:]]
        var url = URL(string: "https://example.com/a/b")!
        var small: UInt8 = 7
        var extremes: [Int64] = [.min, -1, 0, .max]
        var unsignedMax = UInt64.max
        var negative: Int32 = -42
        var optionals: [String?] = ["a", nil]
        var event = UsageEventID(UUID(uuid: (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)))
        var path: [String: String] = ["a/b": "/v1/chat/completions", "meta-llama/Llama-3.1-8B": "x/"]
    }

    @Test func freeFormKeysEscapesAndNumbersAreWrittenAsFoundationWritesThem() throws {
        let coding = JSONCoding()
        try expect(try coding.encode(Probe()), asFoundationWrites: Probe(), with: coding.encoder())
    }

    /// Request digests (Idempotency-Key, request_id) were made by Foundation's encoder with
    /// sorted keys and its defaults otherwise (slashes escaped, dates as its number, keys as
    /// spelled): the API's encoder by those rules must write the same bytes, or a retry of an
    /// event stored before would read as another body.
    @Test func requestDigestsAreMadeOfWhatFoundationsDefaultsWrite() throws {
        let encoder = UsageRecordBody.digestEncoder
        let foundation = UsageRecordBody.digestLeaves
        try expect(try encoder.encode(Probe()), asFoundationWrites: Probe(), with: foundation)
        let bodies = try UsageRecordBody.samples + [
            """
            {"timestamp": "2026-11-30T23:59:59.123Z", "provider": "together", "model": "meta-llama/Llama-3.1-8B", "endpoint": "/v1/chat",
             "usage": {"prompt_tokens": 7}, "latency_ms": 1200.5, "tags": ["a/b", "é"], "metadata": {"k/1": {"z": [1, null, "x\\"y"]}},
             "reported_cost_usd": "0.000000001", "request_id": "r/1"}
            """,
            #"{"service": "openai", "model": "gpt-4o", "prompt_tokens": 10, "completion_tokens": 2, "responseTime": 3, "cost": 0.5}"#,
        ].map { try JSONCoding().decode(UsageRecordBody.self, from: ByteBuffer(string: $0).readableBytesView) }
        for body in bodies {
            try expect(try encoder.encode(body), asFoundationWrites: body, with: foundation)
        }
    }
}
