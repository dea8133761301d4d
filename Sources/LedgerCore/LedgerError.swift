/// The one error type that crosses layers. It carries no HTTP: the transport maps each case
/// to a status and renders `code`, `message` and `details`.
public enum LedgerError: Error, Sendable, Equatable {
    /// A request that is malformed as a whole (`code` such as `INVALID_DATE_RANGE`).
    case badRequest(code: String, message: String, details: [String: String] = [:])
    /// Well-formed input that breaks a rule, field by field.
    case validation([FieldIssue])
    case notFound(resource: String)
    case conflict(String)
    case unauthenticated(code: String, message: String)
    case forbidden(Permission)
    /// A caller that may not do this whatever its permissions (an API key where only a
    /// signed-in user may act).
    case notAllowed(code: String, message: String)
    /// `details` name the limit that refused, when one did (`policy`, `limit`, `window_seconds`).
    /// `reason` says which rate is spent and what lifts it.
    case rateLimited(retryAfterSeconds: Int, reason: String? = nil, details: [String: JSONValue] = [:])
    case payloadTooLarge(limitBytes: Int)
    /// Spend or usage that a limit refuses (`BUDGET_EXCEEDED`): the caller must not go ahead.
    case limitReached(code: String, message: String, details: [String: JSONValue] = [:])
    /// A dependency (the database) cannot answer now; the caller may retry.
    case unavailable(String)

    public var code: String {
        switch self {
        case .badRequest(let code, _, _): code
        case .validation: "VALIDATION_FAILED"
        case .notFound: "NOT_FOUND"
        case .conflict: "CONFLICT"
        case .unauthenticated(let code, _): code
        case .forbidden: "FORBIDDEN"
        case .notAllowed(let code, _): code
        case .rateLimited: "RATE_LIMIT_EXCEEDED"
        case .payloadTooLarge: "PAYLOAD_TOO_LARGE"
        case .limitReached(let code, _, _): code
        case .unavailable: "SERVICE_UNAVAILABLE"
        }
    }

    public var message: String {
        switch self {
        case .badRequest(_, let message, _): message
        case .validation(let issues):
            issues.count == 1
                ? "Invalid field '\(issues[0].field)': \(issues[0].message)"
                : "\(issues.count) fields are invalid"
        case .notFound(let resource): "\(resource) not found"
        case .conflict(let message): message
        case .unauthenticated(_, let message): message
        case .forbidden(let permission): "Missing permission '\(permission)'"
        case .notAllowed(_, let message): message
        case .rateLimited(let seconds, let reason, _): "\(reason ?? "Too many requests"); retry in \(seconds) s"
        case .payloadTooLarge(let limit): "Request body exceeds the limit of \(limit) bytes"
        case .limitReached(_, let message, _): message
        case .unavailable(let message): message
        }
    }
}

/// One problem with one input field; `field` is a dotted path such as `buckets.input`.
public struct FieldIssue: Error, Sendable, Equatable, Codable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
