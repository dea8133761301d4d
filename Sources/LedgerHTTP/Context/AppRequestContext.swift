import Hummingbird
import LedgerCore

/// The context every request starts with: its id, set by `RequestIDMiddleware`.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    /// The peer's address; proxies' forwarding headers are not trusted.
    public let remoteIP: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = ""
        remoteIP = source.channel.remoteAddress?.ipAddress
    }
}

extension AppRequestContext {
    /// Where the request came from, for the audit log.
    func origin(of request: Request) -> RequestOrigin {
        RequestOrigin(ip: remoteIP, userAgent: request.headers[.userAgent], requestID: requestID)
    }
}
