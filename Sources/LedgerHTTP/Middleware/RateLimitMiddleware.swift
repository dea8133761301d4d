import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerServices

/// Admits each request with a caller against its organization's rate, its own, and its own in
/// the route's category if it has one (after authentication, so the organization is known; one
/// instance per category), and writes the tightest bucket's state on every answer, errors
/// included: `X-RateLimit-Limit/Remaining/Reset` (the limit per window, the tokens left, the Unix
/// time the bucket is full again). A refused request answers 429 `RATE_LIMIT_EXCEEDED` with
/// `Retry-After`, naming the policy that refused it.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter
    let category: RateCategory?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let principal = context.principal, let decision = try await limiter.admit(principal, in: category) else {
            return try await next(request, context)
        }
        if decision.retryAfterSeconds != nil {
            throw ErrorWithHeaders(limiter.refusal(decision, of: principal), headers: Self.headers(decision.status))
        }
        do {
            var response = try await next(request, context)
            Self.write(decision.status, to: &response.headers)
            return response
        } catch {
            throw ErrorWithHeaders(error, headers: Self.headers(decision.status))
        }
    }

    static func headers(_ status: RateLimitStatus) -> HTTPFields {
        var fields = HTTPFields()
        write(status, to: &fields)
        return fields
    }

    /// Appended field by field: no intermediate field list on the path of every answer.
    static func write(_ status: RateLimitStatus, to fields: inout HTTPFields) {
        fields.append(HTTPField(name: .rateLimitLimit, value: status.policy.limitField))
        fields.append(HTTPField(name: .rateLimitRemaining, value: String(status.remaining)))
        fields.append(HTTPField(name: .rateLimitReset, value: String(status.resetAt)))
    }
}

/// An error and the headers its answer carries, whatever the error becomes.
struct ErrorWithHeaders: Error {
    let underlying: any Error
    let headers: HTTPFields

    init(_ underlying: any Error, headers: HTTPFields) {
        self.underlying = underlying
        self.headers = headers
    }
}

extension HTTPField.Name {
    static let rateLimitLimit = Self("X-RateLimit-Limit")!
    static let rateLimitRemaining = Self("X-RateLimit-Remaining")!
    static let rateLimitReset = Self("X-RateLimit-Reset")!
}
