import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import LedgerAuth
import LedgerCore

/// Collects endpoint declarations with their handlers, then builds the Hummingbird router and
/// the OpenAPI document from the same list.
public struct APIRegistry: Sendable {
    typealias Context = AppRequestContext

    public let coding: JSONCoding
    public let maxBodyBytes: Int
    public let maxBulkBodyBytes: Int
    let authenticator: Authenticator?
    private(set) var records: [EndpointRecord] = []
    private var installers: [@Sendable (Router<Context>) -> Void] = []
    /// Installers that need the complete endpoint list.
    private var deferredInstallers: [@Sendable (Router<Context>, [EndpointRecord]) throws -> Void] = []

    public init(
        coding: JSONCoding = JSONCoding(), maxBodyBytes: Int, maxBulkBodyBytes: Int? = nil, authenticator: Authenticator? = nil
    ) {
        self.coding = coding
        self.maxBodyBytes = maxBodyBytes
        self.maxBulkBodyBytes = maxBulkBodyBytes ?? maxBodyBytes
        self.authenticator = authenticator
    }

    /// An endpoint that needs a caller: credentials are verified and the declared access
    /// checked before the body is read and before the handler runs, so a handler always has
    /// a principal with the permission it declared.
    public mutating func route<Input, Query, Output>(
        _ endpoint: Endpoint<Input, Query, Output>,
        handler: @escaping @Sendable (EndpointRequest<Input, Query>, Caller) async throws -> Output
    ) {
        precondition(endpoint.access != .anyone, "\(endpoint.operationID): public endpoints use publicRoute")
        let authenticator = authenticator
        route(endpoint, authorize: { request, context in
            guard let authenticator else { throw LedgerError.unavailable("Authentication is not configured") }
            let principal = try await authenticator.principal(
                authorization: request.headers[.authorization], apiKey: request.headers[.apiKey])
            switch endpoint.access {
            case .anyone, .authenticated: break
            case .permission(let permission): try principal.require(permission)
            case .platformOperator:
                guard principal.isOperator else { throw LedgerError.notFound(resource: "Route") }
            }
            return Caller(principal: principal, origin: context.origin(of: request))
        }, handler: handler)
    }

    /// A public endpoint: the handler sees the request context.
    public mutating func publicRoute<Input, Query, Output>(
        _ endpoint: Endpoint<Input, Query, Output>,
        handler: @escaping @Sendable (EndpointRequest<Input, Query>, AppRequestContext) async throws -> Output
    ) {
        route(endpoint, authorize: { _, context in context }, handler: handler)
    }

    private mutating func route<Input, Query, Output, Authorized: Sendable>(
        _ endpoint: Endpoint<Input, Query, Output>,
        authorize: @escaping @Sendable (Request, AppRequestContext) async throws -> Authorized,
        handler: @escaping @Sendable (EndpointRequest<Input, Query>, Authorized) async throws -> Output
    ) {
        records.append(EndpointRecord(endpoint))
        let coding = coding
        let maxBodyBytes = endpoint.isBulk ? maxBulkBodyBytes : maxBodyBytes
        installers.append { router in
            router.on(RouterPath(endpoint.path.hummingbirdPath), method: endpoint.method) { request, context in
                let authorized = try await authorize(request, context)
                let query = try Query(QueryValues(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, for: Query.self))
                let input = try await Self.input(Input.self, of: request, limit: maxBodyBytes, coding: coding)
                let output = try await handler(
                    EndpointRequest(input: input, query: query, head: request, parameters: context.parameters), authorized)
                return try output.response(status: endpoint.success, coding: coding)
            }
        }
    }

    /// The router: middleware outermost first, then every declared route.
    public func makeRouter() throws -> Router<AppRequestContext> {
        var table = RouteTable()
        for record in records { table.add(record.method, record.path) }
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: ErrorMiddleware(routes: table, coding: coding))
        for install in installers { install(router) }
        for install in deferredInstallers { try install(router, records) }
        return router
    }

    private static func input<Input: APIInput>(
        _ type: Input.Type, of request: Request, limit: Int, coding: JSONCoding
    ) async throws -> Input {
        guard Input.requestSchema != nil else { return try Input.decode(from: ByteBuffer().readableBytesView, coding: coding) }
        if let contentType = request.headers[.contentType], !contentType.lowercased().contains("json") {
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
            body = try Self.gunzip(&body, limit: limit)
        case let other?:
            throw RequestDecodingError.unsupportedMediaType("Content-Encoding \(other); send gzip or nothing")
        }
        return try Input.decode(from: body.readableBytesView, coding: coding)
    }
}

extension APIRegistry {
    /// The limit applies to the decompressed size too, so a small bomb cannot become a big body.
    static func gunzip(_ body: inout ByteBuffer, limit: Int) throws -> ByteBuffer {
        do {
            return try body.decompress(with: .gzip(), maxSize: limit)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw LedgerError.payloadTooLarge(limitBytes: limit)
        } catch {
            throw LedgerError.badRequest(code: "INVALID_ENCODING", message: "The gzip body cannot be decompressed")
        }
    }
}

extension String {
    /// `/users/{id}` → `/users/:id`.
    var hummingbirdPath: String {
        split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":\(segment.dropFirst().dropLast())" : String(segment)
        }.joined(separator: "/")
    }
}

extension APIRegistry {
    /// Serves the OpenAPI document of everything registered, this endpoint included. The
    /// document is built once, when the router is made.
    public mutating func serveOpenAPIDocument(_ endpoint: Endpoint<NoInput, NoQuery, OpenAPIDocumentJSON>, version: String) {
        records.append(EndpointRecord(endpoint))
        let coding = coding
        deferredInstallers.append { router, records in
            let document = OpenAPIDocumentJSON(
                data: try OpenAPIDocumentBuilder(records: records, coding: coding, version: version).json())
            router.on(RouterPath(endpoint.path), method: endpoint.method) { _, _ in
                try document.response(status: endpoint.success, coding: coding)
            }
        }
    }

    /// The OpenAPI document of the registered endpoints, as committed in `OpenAPI/openapi.json`.
    public func openAPIDocument(version: String) throws -> Data {
        try OpenAPIDocumentBuilder(records: records, coding: coding, version: version).json()
    }
}

extension HTTPField.Name {
    static let apiKey = Self("X-API-Key")!
}
