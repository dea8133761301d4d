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

    private static let outputFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let inputFormats = [
        Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle(),
    ]

    public static func parseDate(_ text: String) -> Date? {
        inputFormats.lazy.compactMap { try? $0.parse(text) }.first
    }

    public static func formatDate(_ date: Date) -> String { outputFormat.format(date) }

    /// `apiKeys: false` keeps the keys as the types spell them (the OpenAPI document's own).
    public func encoder(pretty: Bool = false, apiKeys: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        if apiKeys {
            encoder.keyEncodingStrategy = .custom { path in SnakeCaseKey(SnakeCase.snake(path[path.count - 1].stringValue)) }
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

    /// Made once: every response and request body goes through them, and both are safe to
    /// share once configured.
    private static let responseEncoder = JSONCoding().encoder()
    private static let requestDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in SnakeCaseKey(SnakeCase.camel(path[path.count - 1].stringValue)) }
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

    public func encode(_ value: some Encodable) throws -> ByteBuffer {
        try Self.responseEncoder.encodeAsByteBuffer(value, allocator: ByteBufferAllocator())
    }

    public func decode<T: Decodable>(_ type: T.Type, from body: ByteBufferView) throws -> T {
        let data = Data(body)
        do {
            return try Self.requestDecoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw RequestDecodingError(error, body: data)
        }
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
