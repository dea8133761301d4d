import Foundation
public import LedgerAuth
public import LedgerCore
public import LedgerServices
public import LedgerStore
public import Logging

/// Everything the server can be told, grouped by area. Built by `AppConfig.load`, which reads
/// flags, the environment and an optional file, and reports every bad value at once.
public struct AppConfig: Sendable {
    public struct HTTP: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var maxBodyBytes = 1 << 20
        /// Batch ingest bodies.
        public var maxBulkBodyBytes = 32 << 20
        /// How long in-flight requests may run on after SIGTERM before they are cancelled.
        public var shutdownTimeout: Duration = .seconds(30)
    }

    public struct DatabaseSettings: Sendable {
        /// `nil`: the embedded default, a private cluster under `embeddedDataDirectory`.
        public var url: String?
        public var poolSize = 16
        public var connectTimeout: Duration = .seconds(5)
        public var embeddedDataDirectory = "./.tokenledger/postgres"
        /// Apply pending migrations when `serve` starts (always so for the embedded default).
        public var autoMigrate = false
    }

    public enum LogFormat: String, Sendable, CaseIterable {
        case text, json
    }

    public struct Logging: Sendable {
        public var level: Logger.Level = .info
        public var format: LogFormat = .text
    }

    public struct Auth: Sendable {
        /// HS256 signing secret; at least 32 bytes unless `devMode`.
        public var jwtSecret: String?
        /// With it, tokens are signed EdDSA (Ed25519) and the public key is served as a JWK.
        public var jwtPrivateKeyPEM: String?
        public var jwtKeyID = "k1"
        /// Older keys still accepted for verification while their tokens live: `kid=secret,…`.
        public var previousKeys: [(kid: String, secret: String)] = []
        public var issuer = "tokenledger"
        public var audience = "tokenledger-api"
        public var accessTokenLifetime: Duration = .seconds(900)
        public var refreshTokenLifetime: Duration = .seconds(30 * 86400)
        public var registrationEnabled = true
        public var devMode = false
        /// KiB.
        public var argon2Memory = 19_456
        public var argon2Iterations = 2
        public var argon2Parallelism = 1
        /// Threads that hash passwords; at most this many hashes (and their memory) at once.
        public var argon2Threads = PasswordHasher.defaultThreads
        /// How often API keys' last-use times are written (one statement for all of them).
        public var apiKeyUseInterval: Duration = .seconds(5)
    }

    public struct Usage: Sendable {
        public var batchLimit = 10_000
        public var retentionDays = 400
        /// Commits of an organization's single-event ingests in flight at once (each
        /// organization commits on its own line). One: a second commit in flight halves the
        /// groups, and a group's statement and commit cost more than the wait it saves
        /// (docs/BENCHMARKS.md, "One commit in flight").
        public var commitsPerOrganization = 1
    }

    public var http = HTTP()
    public var usage = Usage()
    public var auth = Auth()
    public var database = DatabaseSettings()
    public var logging = Logging()
    public var webhooks = WebhookSettings()
    public var alerts = Alerts()
    public var limits = LimitSettings()
    public var metrics = MetricsSettings()
    public var tracing = TracingSettings()

    public struct TracingSettings: Sendable {
        /// Spans for requests, queries and webhook attempts; OTLP export per the `OTEL_*` variables.
        public var enabled = true
    }

    public struct MetricsSettings: Sendable {
        /// Count requests and serve `GET /metrics`.
        public var enabled = true
        /// When set, scrapes must send it as a bearer token.
        public var token: String?
        /// When set, `/metrics` is served on this port of `http.host` instead of the API's.
        public var port: Int?
        /// Organizations whose ingest metrics carry an `org` label.
        public var organizations: Set<OrgID> = []
    }

    public struct Alerts: Sendable {
        /// How often the leading replica evaluates every alert rule.
        public var evaluationInterval: Duration = .seconds(60)
    }

    public init() {}

    /// The pool's settings for a server at `url`.
    public func databaseConfiguration(url: String) throws(DatabaseURLError) -> DatabaseConfiguration {
        var configuration = try DatabaseConfiguration(url: url)
        configuration.maximumConnections = database.poolSize
        configuration.connectTimeout = database.connectTimeout
        return configuration
    }
}

extension AppConfig.Auth {
    /// The signing settings. A short development secret is stretched through SHA-256, since
    /// HMAC keys under 32 bytes are refused outright.
    func jwtSettings(secret: String) -> JWTSettings {
        func key(_ kid: String, _ secret: String) -> JWTSettings.Key {
            let material = secret.utf8.count >= JWTSettings.minimumSecretBytes
                ? secret : SecretDigest.sha256(secret).map { String(format: "%02x", $0) }.joined()
            return JWTSettings.Key(kid: kid, secret: material)
        }
        let signing = jwtPrivateKeyPEM.map { JWTSettings.Key(kid: jwtKeyID, material: .ed25519(pem: $0)) } ?? key(jwtKeyID, secret)
        var settings = JWTSettings(signingKey: signing)
        settings.previousKeys = previousKeys.map { key($0.kid, $0.secret) }
        settings.issuer = issuer
        settings.audience = audience
        settings.accessTokenLifetime = accessTokenLifetime
        settings.refreshTokenLifetime = refreshTokenLifetime
        return settings
    }

    public var passwordHasher: PasswordHasher {
        PasswordHasher(
            parameters: PasswordHasher.Parameters(
                memory: UInt32(argon2Memory), iterations: UInt32(argon2Iterations), parallelism: UInt32(argon2Parallelism)),
            threads: argon2Threads)
    }
}
