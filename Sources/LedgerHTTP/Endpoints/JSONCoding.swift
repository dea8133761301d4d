import Foundation
import NIOCore
import NIOFoundationCompat

/// The JSON rules of the API: RFC 3339 UTC timestamps (fractional seconds optional on input,
/// milliseconds on output) and decoding failures turned into `RequestDecodingError`.
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

    public func encoder(sortedKeys: Bool = false, pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.formatDate(date))
        }
        var formatting: JSONEncoder.OutputFormatting = [.withoutEscapingSlashes]
        if sortedKeys { formatting.insert(.sortedKeys) }
        if pretty { formatting.insert(.prettyPrinted) }
        encoder.outputFormatting = formatting
        return encoder
    }

    /// Made once: every response and request body goes through them, and both are safe to
    /// share once configured.
    private static let responseEncoder = JSONCoding().encoder()
    private static let requestDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
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
