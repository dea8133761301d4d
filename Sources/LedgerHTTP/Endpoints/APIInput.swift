import CompressNIO
import HTTPTypes
public import Hummingbird
import LedgerCore
import NIOCore

/// What an endpoint reads from the request body: a JSON type (the usual case), nothing, or
/// the body as it streams in.
public protocol APIInput: Sendable {
    /// The documented JSON body; `nil` when the endpoint takes no JSON body.
    static var requestSchema: (any APISchema.Type)? { get }
    /// Reads the input. `limit` is the largest body the endpoint accepts.
    static func read(_ request: Request, limit: Int, coding: JSONCoding) async throws -> Self
}

/// The body of an endpoint that takes none; it is never read.
public struct NoInput: APIInput {
    public static var requestSchema: (any APISchema.Type)? { nil }
    public static func read(_ request: Request, limit: Int, coding: JSONCoding) -> NoInput { NoInput() }
}

/// The body as it arrives, for endpoints that pass it on without holding it whole (proxied
/// uploads and streams); the endpoint itself bounds what it reads.
public struct StreamedBody: APIInput {
    public let body: RequestBody
    public static var requestSchema: (any APISchema.Type)? { nil }
    public static func read(_ request: Request, limit: Int, coding: JSONCoding) -> StreamedBody { StreamedBody(body: request.body) }
}

extension APIInput where Self: APISchema {
    public static var requestSchema: (any APISchema.Type)? { Self.self }

    /// JSON, optionally gzip-encoded; the limit applies before and after decompression.
    public static func read(_ request: Request, limit: Int, coding: JSONCoding) async throws -> Self {
        if let contentType = request.headers[.contentType], !namesJSON(contentType) {
            throw RequestDecodingError.unsupportedMediaType(contentType)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw LedgerError.payloadTooLarge(limitBytes: limit)
        }
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw LedgerError.payloadTooLarge(limitBytes: limit)
        }
        switch request.headers[.contentEncoding]?.lowercased() {
        case nil, "identity":
            break
        case "gzip":
            body = try gunzip(&body, limit: limit)
        case let other?:
            throw RequestDecodingError.unsupportedMediaType("Content-Encoding \(other); send gzip or nothing")
        }
        guard body.readableBytes > 0 else { throw RequestDecodingError.missingBody }
        return try coding.decode(Self.self, from: body.readableBytesView)
    }
}

/// Whether a media type mentions JSON (`application/json`, `application/problem+json`), in any
/// case of ASCII letters.
func namesJSON(_ contentType: String) -> Bool {
    var contentType = contentType
    return contentType.withUTF8 { occurs(Array("json".utf8), in: UnsafeRawBufferPointer($0)) { $0 | 0x20 == $1 } }
}

/// The limit applies to the decompressed size too, so a small bomb cannot become a big body.
func gunzip(_ body: inout ByteBuffer, limit: Int) throws -> ByteBuffer {
    do {
        return try body.decompress(with: .gzip(), maxSize: limit)
    } catch let error as CompressNIOError where error == .bufferOverflow {
        throw LedgerError.payloadTooLarge(limitBytes: limit)
    } catch {
        throw LedgerError.badRequest(code: "INVALID_ENCODING", message: "The gzip body cannot be decompressed")
    }
}
