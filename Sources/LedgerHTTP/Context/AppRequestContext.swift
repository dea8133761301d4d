public import Hummingbird
public import LedgerCore

/// The context every request starts with: its id (`RequestIDMiddleware`) and, on routes that
/// need one, the verified caller (`AuthenticationMiddleware`).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    /// The peer's address; proxies' forwarding headers are not trusted.
    public let remoteIP: String?
    /// Set by `AuthenticationMiddleware` when the request carries valid credentials.
    public var principal: Principal?
    /// Where the request came from, for the audit log (`RequestIDMiddleware`).
    public var origin: RequestOrigin

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = ""
        remoteIP = source.channel.remoteAddress?.ipAddress
        origin = RequestOrigin(ip: remoteIP, userAgent: nil, requestID: "")
    }
}
