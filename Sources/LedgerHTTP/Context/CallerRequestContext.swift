public import Hummingbird
public import LedgerCore

/// The context of a route that needs a caller: the principal is not optional, so a handler
/// cannot forget to check it. Built from the parent context after authentication.
public protocol CallerRequestContext: ChildRequestContext where ParentContext == AppRequestContext {
    var requestID: String { get }
    var principal: Principal { get }
    var origin: RequestOrigin { get }
}

extension CallerRequestContext {
    /// The caller's organization: what every tenant repository method takes first.
    public var scope: TenantScope { principal.scope }

    static func caller(of context: AppRequestContext) throws -> Principal {
        guard let principal = context.principal else {
            throw LedgerError.unauthenticated(
                code: "UNAUTHORIZED", message: "Send an access token (Authorization: Bearer) or an API key (X-API-Key)")
        }
        return principal
    }
}

/// A route of the caller's own organization.
public struct TenantRequestContext: CallerRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let principal: Principal
    public let origin: RequestOrigin

    public init(context: AppRequestContext) throws {
        principal = try Self.caller(of: context)
        coreContext = context.coreContext
        requestID = context.requestID
        origin = context.origin
    }
}

/// A cross-tenant route of the platform operators. To anyone else it does not exist (404).
public struct OperatorRequestContext: CallerRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let principal: Principal
    public let origin: RequestOrigin

    public init(context: AppRequestContext) throws {
        principal = try Self.caller(of: context)
        guard principal.isOperator else { throw LedgerError.notFound(resource: "Route") }
        coreContext = context.coreContext
        requestID = context.requestID
        origin = context.origin
    }
}
