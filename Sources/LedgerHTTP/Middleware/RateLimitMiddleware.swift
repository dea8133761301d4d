import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerServices

/// Admits each request with a caller against its organization's rate, its own, and its own in
/// the route's category if it has one (after authentication, so the organization is known; one
/// instance per category), and writes the tightest bucket's state on
/// every answer, errors included: `X-RateLimit-Limit/Remaining/Reset` (the limit per window,
/// the tokens left, the Unix time the bucket is full again) and the IETF `RateLimit-Policy` /
/// `RateLimit` fields. A refused request answers 429 `RATE_LIMIT_EXCEEDED` with `Retry-After`.
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
        let headers = Self.headers(decision.status)
        if let retryAfter = decision.retryAfterSeconds {
            throw ErrorWithHeaders(LedgerError.rateLimited(retryAfterSeconds: retryAfter), headers: headers)
        }
        do {
            var response = try await next(request, context)
            response.headers.append(contentsOf: headers)
            return response
        } catch {
            throw ErrorWithHeaders(error, headers: headers)
        }
    }

    static func headers(_ status: RateLimitStatus) -> HTTPFields {
        let fixed = fixedFields(status)
        let remaining = String(status.remaining)
        return [
            .rateLimitLimit: fixed.limit,
            .rateLimitRemaining: remaining,
            .rateLimitReset: String(status.resetAt),
            .rateLimitPolicy: fixed.policy,
            .rateLimit: fixed.quotedName + ";r=" + remaining + ";t=" + String(status.resetSeconds),
        ]
    }

    /// What a bucket's fields say whatever its state, made once per policy and rate.
    private static let fixedTexts = BoundedMemo<FixedKey, (limit: String, policy: String, quotedName: String)>(capacity: 256)

    private struct FixedKey: Hashable, Sendable {
        let policy: String
        let rate: RequestRate
    }

    private static func fixedFields(_ status: RateLimitStatus) -> (limit: String, policy: String, quotedName: String) {
        let key = FixedKey(policy: status.policy, rate: status.rate)
        if let known = fixedTexts.value(for: key) { return known }
        let quoted = "\"\(status.policy)\""
        let made = (
            String(status.rate.limit), "\(quoted);q=\(status.rate.burst);w=\(status.rate.refillSeconds)", quoted)
        fixedTexts.remember(made, for: key)
        return made
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
    static let rateLimitPolicy = Self("RateLimit-Policy")!
    static let rateLimit = Self("RateLimit")!
}
