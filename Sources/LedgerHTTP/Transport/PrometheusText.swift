public import HTTPTypes
public import Hummingbird
import NIOCore
public import OpenAPIKit

/// The metrics in the Prometheus text exposition format.
public struct PrometheusText: APIOutput {
    let bytes: [UInt8]

    public static var contentType: String { "text/plain" }
    public static var responseSchemas: [any APISchema.Type] { [] }
    public static var rawSchema: JSONSchema { .string(description: "Prometheus text exposition format 0.0.4") }

    public func response(status: HTTPResponse.Status, coding: JSONCoding) throws -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
