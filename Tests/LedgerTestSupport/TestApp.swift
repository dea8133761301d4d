import Foundation
import Hummingbird
import LedgerCore
import LedgerServices
public import HummingbirdTesting
public import LedgerApp
public import LedgerStore
import Logging

/// Builds the production application on a test database.
public enum TestApp {
    public static func config() -> AppConfig {
        var config = AppConfig()
        config.http.port = 0
        config.auth.jwtSecret = "test-secret-that-is-at-least-32-bytes-long"
        // Fast hashing in tests; production parameters are checked by the hasher's own tests.
        config.auth.argon2Memory = 8192
        config.auth.argon2Iterations = 1
        // Receivers in tests listen on loopback.
        config.webhooks.destinations = WebhookDestinationPolicy(allowPlainHTTP: true, allowedHosts: ["127.0.0.1"])
        // Every request goes through the limiter, whose limits no test reaches but the
        // limiter's own (RateLimitTests).
        let roomy = OrganizationLimits(
            organization: RequestRate(perMinute: OrganizationLimits.maximumRate),
            caller: RequestRate(perMinute: OrganizationLimits.maximumRate), eventsPerMonth: nil)
        config.limits.plans = Dictionary(uniqueKeysWithValues: Plan.allCases.map { ($0, roomy) })
        // A SaaS operator's setting, so that organizations have a plan whose limits apply.
        config.limits.defaultPlan = .free
        return config
    }

    /// Runs `body` with a router-level test client against the real application.
    @discardableResult
    public static func withClient<Result: Sendable>(
        config: AppConfig = config(), on database: TestDatabase,
        _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Result
    ) async throws -> Result {
        try await withClient(config: config, on: database.configuration, body)
    }

    @discardableResult
    public static func withClient<Result: Sendable>(
        config: AppConfig = config(), on database: DatabaseConfiguration,
        _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Result
    ) async throws -> Result {
        let pool = Database(configuration: database, logger: .quiet)
        let app = try await ApplicationBuilder(config: config, database: pool, logger: .quiet).application()
        return try await app.test(.router, body)
    }
}

extension TestResponse {
    /// The body decoded as JSON, for assertions.
    public func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        guard let dictionary = object as? [String: Any] else { throw TestSetupError("body is not a JSON object") }
        return dictionary
    }

    /// `error.code` of the standard error shape.
    public func errorCode() throws -> String? {
        (try json()["error"] as? [String: Any])?["code"] as? String
    }
}
