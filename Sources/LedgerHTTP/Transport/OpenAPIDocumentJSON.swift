import Foundation
public import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
public import OpenAPIKit

/// The served OpenAPI document: bytes built once, answered as they are.
public struct OpenAPIDocumentJSON: APIOutput {
    let data: Data

    public static var contentType: String { "application/json" }
    public static var responseSchemas: [any APISchema.Type] { [] }
    public static var rawSchema: JSONSchema { .object(description: "An OpenAPI 3.1 document") }

    public func response(status: HTTPResponse.Status, coding: JSONCoding) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
