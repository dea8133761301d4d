import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import LedgerCore

/// Collects endpoint declarations with their handlers, then builds the Hummingbird router and
/// the OpenAPI document from the same list.
public struct APIRegistry: Sendable {
    typealias Context = AppRequestContext

    public let coding: JSONCoding
    public let maxBodyBytes: Int
    private(set) var records: [EndpointRecord] = []
    private var installers: [@Sendable (Router<Context>) -> Void] = []
    /// Installers that need the complete endpoint list.
    private var deferredInstallers: [@Sendable (Router<Context>, [EndpointRecord]) throws -> Void] = []

    public init(coding: JSONCoding = JSONCoding(), maxBodyBytes: Int) {
        self.coding = coding
        self.maxBodyBytes = maxBodyBytes
    }

    public mutating func route<Input, Output>(
        _ endpoint: Endpoint<Input, Output>,
        handler: @escaping @Sendable (EndpointRequest<Input>, AppRequestContext) async throws -> Output
    ) {
        records.append(EndpointRecord(endpoint))
        let coding = coding
        let maxBodyBytes = maxBodyBytes
        installers.append { router in
            router.on(RouterPath(endpoint.path.hummingbirdPath), method: endpoint.method) { request, context in
                let input = try await Self.input(Input.self, of: request, limit: maxBodyBytes, coding: coding)
                let output = try await handler(
                    EndpointRequest(input: input, head: request, parameters: context.parameters), context)
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
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw LedgerError.payloadTooLarge(limitBytes: limit)
        }
        return try Input.decode(from: body.readableBytesView, coding: coding)
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
    public mutating func serveOpenAPIDocument(_ endpoint: Endpoint<NoInput, OpenAPIDocumentJSON>, version: String) {
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
