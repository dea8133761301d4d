public import Foundation
import LedgerCore
public import NIOCore
import NIOFoundationCompat

/// The JSON rules of the API: snake_case keys from Swift's camelCase names (`SnakeCase`), keys
/// in a stable (sorted) order, RFC 3339 UTC timestamps (fractional seconds optional on input,
/// milliseconds on output) and decoding failures turned into `RequestDecodingError`. Keys of
/// free-form objects (`[String: …]`, such as metadata) are passed through as they are.
public struct JSONCoding: Sendable {
    public init() {}

    /// An RFC 3339 timestamp (`2026-01-31T12:00:00Z`, fractions and offsets allowed) or a
    /// date (`2026-01-31`, midnight UTC), strictly: Foundation's parser would read
    /// `12:99` as `13:39` and February 30 as March 1.
    public static func parseDate(_ text: String) -> Date? {
        guard let match = text.wholeMatch(of: rfc3339) else { return nil }
        var components = DateComponents(
            year: Int(match.1), month: Int(match.2), day: Int(match.3), hour: match.4.flatMap { Int($0) } ?? 0,
            minute: match.5.flatMap { Int($0) } ?? 0, second: match.6.flatMap { Int($0) } ?? 0)
        var offset = 0
        if let zone = match.8, zone.uppercased() != "Z" {
            guard let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2)), hours < 24, minutes < 60 else {
                return nil
            }
            offset = (hours * 3600 + minutes * 60) * (zone.first == "-" ? -1 : 1)
        }
        // The wall time as if it were UTC, then the offset (RFC 3339 allows up to ±23:59,
        // more than Foundation's time zones).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        components.calendar = calendar
        guard components.isValidDate, (components.hour ?? 0) < 24, let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval((match.7.flatMap { Double("0" + $0) } ?? 0) - Double(offset))
    }

    private nonisolated(unsafe) static let rfc3339 =
        /(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2}))?/

    public static func formatDate(_ date: Date) -> String { RFC3339.format(date) }

    /// `apiKeys: false` keeps the keys as the types spell them (the OpenAPI document's own).
    public func encoder(pretty: Bool = false, apiKeys: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        if apiKeys {
            encoder.keyEncodingStrategy = .custom { path in SnakeCaseKey(Self.snakeKeys(path[path.count - 1].stringValue)) }
        }
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.formatDate(date))
        }
        var formatting: JSONEncoder.OutputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        if pretty { formatting.insert(.prettyPrinted) }
        encoder.outputFormatting = formatting
        return encoder
    }

    private static let snakeKeys = KeySpellings(SnakeCase.snake)
    private static let camelKeys = KeySpellings(SnakeCase.camel)

    /// Made once: every response and request body goes through them, and both are safe to
    /// share once configured.
    private static let responseEncoder = APIJSONEncoder(leaves: JSONCoding().encoder(), spelling: { snakeKeys($0) })
    private static let requestDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in SnakeCaseKey(camelKeys(path[path.count - 1].stringValue)) }
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z")
            }
            return date
        }
        return decoder
    }()

    /// An answer's body, as `encoder()` would write it.
    public func encode(_ value: some Encodable) throws -> ByteBuffer {
        try Self.responseEncoder.encode(value)
    }

    public func decode<T: Decodable>(_ type: T.Type, from body: ByteBufferView) throws -> T {
        let data = Data(body)
        let value: T
        do {
            value = try Self.requestDecoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw RequestDecodingError(error, body: data)
        }
        // JSON carries NUL only escaped: look for the fields only when the escape is there.
        if Self.mayHoldNUL(data) {
            let issues = NULCharacters.issues(in: value)
            if !issues.isEmpty { throw RequestDecodingError.fields(issues) }
        }
        return value
    }
}

extension JSONCoding {
    /// Whether the body holds `\u0000` (NUL written as JSON must be escaped): a plain byte scan,
    /// a tenth of what `Data.firstRange(of:)` costs on every request body.
    static func mayHoldNUL(_ data: Data) -> Bool {
        data.withUnsafeBytes { occurs(Array(#"\u0000"#.utf8), in: $0) }
    }
}

/// A key converted by the key strategies.
private struct SnakeCaseKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ stringValue: String) { self.stringValue = stringValue }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
