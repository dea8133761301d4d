public import Foundation
import HTTPTypes
public import Hummingbird
public import LedgerAuth
public import LedgerServices
import LedgerCore
import Logging
import NIOCore

/// Collects endpoint declarations with their handlers, then builds the Hummingbird router and
/// the OpenAPI document from the same list.
///
/// The pipeline, outermost first: tracing (a server span per request, named for its route,
/// continuing the caller's `traceparent`, with the request id) → request id → metrics (when
/// given) → access log → error rendering (in the route's
/// error format) → for routes with a caller: authentication → rate limit of the route's
/// category (when a limiter is given) → caller context (tenant or operator) → the tenant middleware given at init →
/// the endpoint: permission check, query, body, handler.
public struct APIRegistry: Sendable {
    public let coding: JSONCoding
    public let maxBodyBytes: Int
    public let maxBulkBodyBytes: Int
    let authenticator: Authenticator?
    let rateLimiter: RateLimiter?
    let metrics: ServerMetrics?
    let tenantMiddleware: [any MiddlewareProtocol<Request, Response, TenantRequestContext>]
    private(set) var records: [EndpointRecord] = []
    private var installers: [@Sendable (Routes) -> Void] = []
    /// Installers that need the complete endpoint list.
    private var deferredInstallers: [@Sendable (Router<AppRequestContext>, [EndpointRecord]) throws -> Void] = []

    /// Where the routes of each kind are added: those with a caller under the rate limit of
    /// their category (or of none).
    struct Routes {
        let router: RouterGroup<AppRequestContext>
        let tenant: [RateCategory?: RouterGroup<TenantRequestContext>]
        let operators: [RateCategory?: RouterGroup<OperatorRequestContext>]
    }

    public init(
        coding: JSONCoding = JSONCoding(), maxBodyBytes: Int, maxBulkBodyBytes: Int? = nil, authenticator: Authenticator? = nil,
        rateLimiter: RateLimiter? = nil, metrics: ServerMetrics? = nil, tenantMiddleware: [any MiddlewareProtocol<Request, Response, TenantRequestContext>] = []
    ) {
        self.rateLimiter = rateLimiter
        self.metrics = metrics
        self.coding = coding
        self.maxBodyBytes = maxBodyBytes
        self.maxBulkBodyBytes = maxBulkBodyBytes ?? maxBodyBytes
        self.authenticator = authenticator
        self.tenantMiddleware = tenantMiddleware
    }

    /// An endpoint of the caller's organization: the declared access is checked before the
    /// body is read, so a handler always has a principal with the permission it declared.
    public mutating func route<Input, Query, Output>(
        _ endpoint: Endpoint<Input, Query, Output>,
        handler: @escaping @Sendable (EndpointRequest<Input, Query>, TenantRequestContext) async throws -> Output
    ) {
        switch endpoint.access {
        case .authenticated, .permission: break
        case .anyone, .platformOperator: preconditionFailure("\(endpoint.operationID): use publicRoute or operatorRoute")
        }
        add(endpoint, to: { routes, category in routes.tenant[category]! }, handler: handler)
    }

    /// A cross-tenant endpoint of the platform operators.
    public mutating func operatorRoute<Input, Query, Output>(
        _ endpoint: Endpoint<Input, Query, Output>,
        handler: @escaping @Sendable (EndpointRequest<Input, Query>, OperatorRequestContext) async throws -> Output
    ) {
        precondition(endpoint.access == .platformOperator, "\(endpoint.operationID): operator routes declare .platformOperator")
        add(endpoint, to: { routes, category in routes.operators[category]! }, handler: handler)
    }

    /// A public endpoint: no authentication runs for it.
    public mutating func publicRoute<Input, Query, Output>(
        _ endpoint: Endpoint<Input, Query, Output>,
        handler: @escaping @Sendable (EndpointRequest<Input, Query>, AppRequestContext) async throws -> Output
    ) {
        precondition(endpoint.access == .anyone, "\(endpoint.operationID): endpoints with a caller use route")
        precondition(endpoint.rateCategory == nil, "\(endpoint.operationID): a rate category limits callers; a public endpoint has none")
        add(endpoint, to: { routes, _ in routes.router }, handler: handler)
    }

    private mutating func add<Input, Query, Output, Context: RequestContext>(
        _ endpoint: Endpoint<Input, Query, Output>, to group: @escaping @Sendable (Routes, RateCategory?) -> RouterGroup<Context>,
        handler: @escaping @Sendable (EndpointRequest<Input, Query>, Context) async throws -> Output
    ) {
        records.append(EndpointRecord(endpoint))
        let coding = coding
        let limit = endpoint.isBulk ? maxBulkBodyBytes : maxBodyBytes
        installers.append { routes in
            group(routes, endpoint.rateCategory).on(RouterPath(endpoint.path.hummingbirdPath), method: endpoint.method) { request, context in
                try await Self.respond(to: request, context: context, endpoint: endpoint, limit: limit, coding: coding, handler: handler)
            }
        }
    }

    /// One request of an endpoint: permission, query, body, handler, answer.
    private static func respond<Input, Query, Output, Context: RequestContext>(
        to request: Request, context: Context, endpoint: Endpoint<Input, Query, Output>, limit: Int, coding: JSONCoding,
        handler: @Sendable (EndpointRequest<Input, Query>, Context) async throws -> Output
    ) async throws -> Response {
        if case .permission(let permission) = endpoint.access, let caller = context as? any CallerRequestContext {
            try caller.principal.require(permission)
        }
        let pairs = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let query = try Query(QueryValues(pairs, for: Query.self))
        let input = try await Input.read(request, limit: limit, coding: coding)
        let output = try await handler(EndpointRequest(input: input, query: query, head: request, parameters: context.parameters), context)
        return try output.response(status: endpoint.success, coding: coding)
    }

    /// The router: middleware outermost first, then every declared route.
    public func makeRouter() throws -> Router<AppRequestContext> {
        var table = RouteTable()
        for record in records { table.add(record.method, record.path, errorFormat: record.errorFormat) }
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestTracingMiddleware(recordingHeaders: [.requestID]))
        router.add(middleware: RequestIDMiddleware())
        if let metrics { router.add(middleware: MetricsMiddleware(metrics: metrics)) }
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: ErrorMiddleware(routes: table, coding: coding))
        let callers = router.group()
        if let authenticator { callers.add(middleware: AuthenticationMiddleware(authenticator: authenticator)) }
        var tenant: [RateCategory?: RouterGroup<TenantRequestContext>] = [:]
        var operators: [RateCategory?: RouterGroup<OperatorRequestContext>] = [:]
        for category in [nil] + RateCategory.allCases {
            let limited = callers.group()
            if let rateLimiter { limited.add(middleware: RateLimitMiddleware(limiter: rateLimiter, category: category)) }
            let tenantGroup = limited.group(context: TenantRequestContext.self)
            for middleware in tenantMiddleware { tenantGroup.add(middleware: middleware) }
            tenant[category] = tenantGroup
            operators[category] = limited.group(context: OperatorRequestContext.self)
        }
        let routes = Routes(router: router.group(), tenant: tenant, operators: operators)
        for install in installers { install(routes) }
        for install in deferredInstallers { try install(router, records) }
        return router
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
