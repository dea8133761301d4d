import LedgerCore

/// A verified caller: what handlers of protected endpoints receive.
public struct Caller: Sendable {
    public let principal: Principal
    public let origin: RequestOrigin

    public var scope: TenantScope { principal.scope }
}
