import Foundation
public import HTTPTypes
public import HummingbirdTesting
public import LedgerHTTP
public import NIOCore

/// An answer to a typed call: its status, and its body read as the endpoint's output type or
/// as the one error shape.
public struct TypedResponse<Output: Sendable>: Sendable {
    public let status: HTTPResponse.Status
    public let headers: HTTPFields
    public let body: ByteBuffer

    /// The error answer's body (`code`, `message`, `details`).
    public func error() throws -> ErrorResponse.Body {
        try JSONCoding().decode(ErrorResponse.self, from: body.readableBytesView).error
    }
}

extension TypedResponse where Output: Decodable {
    /// The answer as the endpoint's output type, read with the API's own key spelling.
    public func value() throws -> Output {
        try JSONCoding().decode(Output.self, from: body.readableBytesView)
    }
}

extension TestClientProtocol {
    /// Calls `endpoint` as its declaration says (method, path with `id` for `{id}`), with a
    /// Swift value as its body encoded by the API's own coder: a test body is a wire type, not
    /// a dictionary.
    public func call<Input: APIInput & Encodable, Query, Output>(
        _ endpoint: Endpoint<Input, Query, Output>, id: (some CustomStringConvertible)? = String?.none, query: String = "",
        body: Input, token: String? = nil
    ) async throws -> TypedResponse<Output> {
        try await send(endpoint, id: id.map { "\($0)" }, query: query, body: try JSONCoding().encode(body), token: token)
    }

    /// Calls an endpoint that takes no body.
    public func call<Query, Output>(
        _ endpoint: Endpoint<NoInput, Query, Output>, id: (some CustomStringConvertible)? = String?.none, query: String = "",
        token: String? = nil
    ) async throws -> TypedResponse<Output> {
        try await send(endpoint, id: id.map { "\($0)" }, query: query, body: nil, token: token)
    }

    private func send<Input, Query, Output>(
        _ endpoint: Endpoint<Input, Query, Output>, id: String?, query: String, body: ByteBuffer?, token: String?
    ) async throws -> TypedResponse<Output> {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        let path = id.map { endpoint.path.replacingOccurrences(of: "{id}", with: $0) } ?? endpoint.path
        let response = try await execute(
            uri: path + (query.isEmpty ? "" : "?\(query)"), method: endpoint.method, headers: headers, body: body)
        return TypedResponse(status: response.status, headers: response.headers, body: response.body)
    }
}
