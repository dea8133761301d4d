import Foundation
import LedgerCore
import LedgerServices
import LedgerStore
import Logging

/// Every setting problem found, each naming its setting.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let problems: [String]
    public var description: String {
        "Invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension AppConfig {
    /// The settings, their environment names and what they mean: the loader and the README
    /// table follow this list.
    public static let settings: [(name: String, meaning: String)] = [
        ("TOKENLEDGER_HOST", "address to listen on (default 127.0.0.1)"),
        ("TOKENLEDGER_PORT", "port to listen on, 1-65535 (default 8080)"),
        ("TOKENLEDGER_MAX_BODY_BYTES", "largest accepted request body (default 1048576)"),
        ("TOKENLEDGER_MAX_BULK_BODY_BYTES", "largest batch-ingest body, before decompression (default 33554432)"),
        ("TOKENLEDGER_USAGE_BATCH_LIMIT", "most records in one batch ingest, 1-100000 (default 10000)"),
        ("TOKENLEDGER_USAGE_RETENTION_DAYS", "how old a usage record may be, 1-3650 days (default 400)"),
        ("TOKENLEDGER_INGEST_COMMITS", "commits of single-event ingests in flight per organization, 1-64 (default 1)"),
        ("TOKENLEDGER_SHUTDOWN_TIMEOUT_SECONDS", "grace for in-flight requests on SIGTERM (default 30)"),
        ("DATABASE_URL", "postgres://user:pass@host:5432/db?sslmode=disable|prefer|require; unset = embedded"),
        ("DATABASE_POOL_SIZE", "maximum pooled connections, 1-500 (default 16)"),
        ("DATABASE_CONNECT_TIMEOUT_SECONDS", "connect timeout (default 5)"),
        ("TOKENLEDGER_DATA_DIR", "embedded PostgreSQL data folder (default ./.tokenledger/postgres)"),
        ("TOKENLEDGER_AUTO_MIGRATE", "apply pending migrations on serve: true/false (default false; embedded: always)"),
        ("TOKENLEDGER_JWT_SECRET", "HS256 signing secret, at least 32 bytes (embedded default: generated and kept in the data folder)"),
        ("TOKENLEDGER_JWT_KID", "key id of the signing secret (default k1)"),
        ("TOKENLEDGER_JWT_PRIVATE_KEY_FILE", "Ed25519 private key (PEM): sign EdDSA and publish /.well-known/jwks.json"),
        ("TOKENLEDGER_JWT_PREVIOUS_KEYS", "older keys still verified, kid=secret,kid=secret (key rotation)"),
        ("TOKENLEDGER_JWT_ISSUER", "iss claim (default tokenledger)"),
        ("TOKENLEDGER_JWT_AUDIENCE", "aud claim (default tokenledger-api)"),
        ("TOKENLEDGER_ACCESS_TOKEN_TTL_SECONDS", "access token lifetime, 60-86400 (default 900)"),
        ("TOKENLEDGER_REFRESH_TOKEN_TTL_SECONDS", "refresh token lifetime, 300-31536000 (default 2592000)"),
        ("TOKENLEDGER_REGISTRATION_ENABLED", "allow POST /api/v1/auth/register: true/false (default true)"),
        ("TOKENLEDGER_DEV_MODE", "development only: accept a JWT secret shorter than 32 bytes (default false)"),
        ("TOKENLEDGER_ARGON2_MEMORY_KIB", "argon2id memory, 8192-1048576 KiB (default 19456)"),
        ("TOKENLEDGER_ARGON2_ITERATIONS", "argon2id iterations, 1-10 (default 2)"),
        ("TOKENLEDGER_ARGON2_PARALLELISM", "argon2id lanes, 1-8 (default 1)"),
        ("TOKENLEDGER_ARGON2_THREADS", "threads that hash passwords, at most this many at once, 1-64 (default half the cores)"),
        ("TOKENLEDGER_WEBHOOK_ALLOW_HTTP", "deliver webhooks to plain http URLs: true/false (default false: https only)"),
        ("TOKENLEDGER_WEBHOOK_ALLOWED_HOSTS", "hosts (host or host:port, comma-separated) webhooks may reach although private or loopback"),
        ("TOKENLEDGER_WEBHOOK_TIMEOUT_SECONDS", "how long one webhook attempt may take, 1-60 (default 10)"),
        ("TOKENLEDGER_WEBHOOK_POLL_MS", "how often delivery workers look for retries that came due, 50-60000 ms (default 1000)"),
        ("TOKENLEDGER_WEBHOOK_RETRY_SECONDS", "waits before each retry, comma-separated (default 5,300,1800,7200,18000,36000,50400)"),
        ("TOKENLEDGER_ALERT_EVALUATION_SECONDS", "how often alert rules are evaluated, 1-3600 (default 60)"),
        ("TOKENLEDGER_RATE_LIMIT_ENABLED", "enforce rate limits and event quotas: true/false (default true)"),
        ("TOKENLEDGER_RATE_LIMIT_FAIL_OPEN", "admit requests when the limiter's store cannot be reached: true/false (default true; false answers 503)"),
        ("TOKENLEDGER_PLAN_FREE", "the free plan's limits, e.g. requests_per_minute=1000,caller_requests_per_minute=100,ingest_requests_per_hour=1000,events_per_month=10000 (docs/LIMITS.md)"),
        ("TOKENLEDGER_PLAN_STARTER", "the starter plan's limits, as TOKENLEDGER_PLAN_FREE"),
        ("TOKENLEDGER_PLAN_PRO", "the pro plan's limits, as TOKENLEDGER_PLAN_FREE"),
        ("TOKENLEDGER_PLAN_ENTERPRISE", "the enterprise plan's limits, as TOKENLEDGER_PLAN_FREE"),
        ("TOKENLEDGER_METRICS_ENABLED", "count requests and serve GET /metrics: true/false (default true)"),
        ("TOKENLEDGER_METRICS_TOKEN", "when set, /metrics answers only Authorization: Bearer <token>"),
        ("TOKENLEDGER_METRICS_PORT", "serve /metrics on this port instead of the API's, 1-65535"),
        ("TOKENLEDGER_METRICS_ORGS", "organization ids, comma-separated, whose ingest metrics carry an org label"),
        ("TOKENLEDGER_TRACING_ENABLED", "spans for requests, queries and webhook attempts, W3C traceparent in and out: true/false (default true); export with OTEL_EXPORTER_OTLP_ENDPOINT"),
        ("LOG_LEVEL", "trace, debug, info, notice, warning, error, critical (default info)"),
        ("LOG_FORMAT", "text or json (default text)"),
        ("TOKENLEDGER_CONFIG", "optional file of KEY=VALUE lines with the names above; the environment wins"),
    ]

    /// Reads the optional file named by `TOKENLEDGER_CONFIG` (or `configFile`), then the
    /// environment over it, then `overrides` (command-line flags) over both.
    public static func load(
        environment: [String: String], configFile: String? = nil, overrides: [String: String] = [:]
    ) throws(ConfigError) -> AppConfig {
        var problems: [String] = []
        var values: [String: String] = [:]
        if let path = configFile ?? environment["TOKENLEDGER_CONFIG"] {
            do {
                values = try parseFile(at: path)
            } catch let error as ConfigFileError {
                problems.append(error.description)
            } catch {
                problems.append("TOKENLEDGER_CONFIG: cannot read '\(path)': \(error.localizedDescription)")
            }
        }
        let known = Set(settings.map(\.name))
        for (key, value) in environment where known.contains(key) { values[key] = value }
        for (key, value) in overrides { values[key] = value }

        var reader = SettingsReader(values: values)
        var config = AppConfig()
        config.http.host = reader.string("TOKENLEDGER_HOST", default: config.http.host)
        config.http.port = reader.integer("TOKENLEDGER_PORT", in: 1...65535, default: config.http.port)
        config.http.maxBodyBytes = reader.integer(
            "TOKENLEDGER_MAX_BODY_BYTES", in: 1024...(1 << 30), default: config.http.maxBodyBytes)
        config.http.maxBulkBodyBytes = reader.integer(
            "TOKENLEDGER_MAX_BULK_BODY_BYTES", in: 1024...(1 << 30), default: config.http.maxBulkBodyBytes)
        config.usage.batchLimit = reader.integer("TOKENLEDGER_USAGE_BATCH_LIMIT", in: 1...100_000, default: 10_000)
        config.usage.retentionDays = reader.integer("TOKENLEDGER_USAGE_RETENTION_DAYS", in: 1...3650, default: 400)
        config.usage.commitsPerOrganization = reader.integer("TOKENLEDGER_INGEST_COMMITS", in: 1...64, default: 1)
        config.http.shutdownTimeout = .seconds(
            reader.integer("TOKENLEDGER_SHUTDOWN_TIMEOUT_SECONDS", in: 0...3600, default: 30))
        config.database.url = reader.optionalString("DATABASE_URL")
        config.database.poolSize = reader.integer("DATABASE_POOL_SIZE", in: 1...500, default: config.database.poolSize)
        config.database.connectTimeout = .seconds(reader.integer("DATABASE_CONNECT_TIMEOUT_SECONDS", in: 1...300, default: 5))
        config.database.embeddedDataDirectory = reader.string(
            "TOKENLEDGER_DATA_DIR", default: config.database.embeddedDataDirectory)
        config.database.autoMigrate = reader.boolean("TOKENLEDGER_AUTO_MIGRATE", default: false)
        config.logging.level = reader.choice("LOG_LEVEL", default: .info)
        config.logging.format = reader.choice("LOG_FORMAT", default: .text)
        config.auth.jwtSecret = reader.optionalString("TOKENLEDGER_JWT_SECRET")
        config.auth.jwtKeyID = reader.string("TOKENLEDGER_JWT_KID", default: config.auth.jwtKeyID)
        if let path = reader.optionalString("TOKENLEDGER_JWT_PRIVATE_KEY_FILE") {
            if let pem = try? String(contentsOfFile: path, encoding: .utf8), pem.contains("PRIVATE KEY") {
                config.auth.jwtPrivateKeyPEM = pem
            } else {
                problems.append("TOKENLEDGER_JWT_PRIVATE_KEY_FILE: cannot read a PEM private key from '\(path)'")
            }
        }
        config.auth.previousKeys = reader.keyList("TOKENLEDGER_JWT_PREVIOUS_KEYS")
        config.auth.issuer = reader.string("TOKENLEDGER_JWT_ISSUER", default: config.auth.issuer)
        config.auth.audience = reader.string("TOKENLEDGER_JWT_AUDIENCE", default: config.auth.audience)
        config.auth.accessTokenLifetime = .seconds(reader.integer("TOKENLEDGER_ACCESS_TOKEN_TTL_SECONDS", in: 60...86400, default: 900))
        config.auth.refreshTokenLifetime = .seconds(
            reader.integer("TOKENLEDGER_REFRESH_TOKEN_TTL_SECONDS", in: 300...31_536_000, default: 30 * 86400))
        config.auth.registrationEnabled = reader.boolean("TOKENLEDGER_REGISTRATION_ENABLED", default: true)
        config.auth.devMode = reader.boolean("TOKENLEDGER_DEV_MODE", default: false)
        config.auth.argon2Memory = UInt32(reader.integer("TOKENLEDGER_ARGON2_MEMORY_KIB", in: 8192...1_048_576, default: 19_456))
        config.auth.argon2Iterations = UInt32(reader.integer("TOKENLEDGER_ARGON2_ITERATIONS", in: 1...10, default: 2))
        config.auth.argon2Parallelism = UInt32(reader.integer("TOKENLEDGER_ARGON2_PARALLELISM", in: 1...8, default: 1))
        config.auth.argon2Threads = reader.integer("TOKENLEDGER_ARGON2_THREADS", in: 1...64, default: config.auth.argon2Threads)
        config.auth.apiKeyUseInterval = .seconds(reader.integer("TOKENLEDGER_API_KEY_USE_SECONDS", in: 1...3600, default: 5))
        config.webhooks.destinations = WebhookDestinationPolicy(
            allowPlainHTTP: reader.boolean("TOKENLEDGER_WEBHOOK_ALLOW_HTTP", default: false),
            allowedHosts: Set(reader.list("TOKENLEDGER_WEBHOOK_ALLOWED_HOSTS")))
        config.webhooks.timeout = .seconds(reader.integer("TOKENLEDGER_WEBHOOK_TIMEOUT_SECONDS", in: 1...60, default: 10))
        config.webhooks.pollInterval = .milliseconds(reader.integer("TOKENLEDGER_WEBHOOK_POLL_MS", in: 50...60_000, default: 1000))
        if let delays = reader.integerList("TOKENLEDGER_WEBHOOK_RETRY_SECONDS", in: 0...604_800) {
            config.webhooks.retries.delays = delays.map(TimeInterval.init)
        }
        config.alerts.evaluationInterval = .seconds(reader.integer("TOKENLEDGER_ALERT_EVALUATION_SECONDS", in: 1...3600, default: 60))
        config.limits.enabled = reader.boolean("TOKENLEDGER_RATE_LIMIT_ENABLED", default: true)
        config.limits.failOpen = reader.boolean("TOKENLEDGER_RATE_LIMIT_FAIL_OPEN", default: true)
        for plan in Plan.allCases {
            config.limits.plans[plan] = reader.planLimits("TOKENLEDGER_PLAN_\(plan.rawValue.uppercased())", default: .shipped(plan))
        }
        config.metrics.enabled = reader.boolean("TOKENLEDGER_METRICS_ENABLED", default: true)
        config.metrics.token = reader.optionalString("TOKENLEDGER_METRICS_TOKEN")
        if reader.values["TOKENLEDGER_METRICS_PORT"] != nil {
            config.metrics.port = reader.integer("TOKENLEDGER_METRICS_PORT", in: 1...65535, default: 9090)
        }
        for id in reader.list("TOKENLEDGER_METRICS_ORGS") {
            if let org = OrgID(id) { config.metrics.organizations.insert(org) } else {
                problems.append("TOKENLEDGER_METRICS_ORGS: '\(id)' is not an organization id")
            }
        }
        config.tracing.enabled = reader.boolean("TOKENLEDGER_TRACING_ENABLED", default: true)
        problems += reader.problems
        for (name, secret) in [("TOKENLEDGER_JWT_SECRET", config.auth.jwtSecret)] + config.auth.previousKeys.map({
            ("TOKENLEDGER_JWT_PREVIOUS_KEYS (\($0.kid))", Optional($0.secret))
        }) {
            if let secret, secret.utf8.count < 32, !config.auth.devMode {
                problems.append(
                    "\(name): must be at least 32 bytes (got \(secret.utf8.count)); TOKENLEDGER_DEV_MODE=true allows a short one for development")
            }
        }

        if let url = config.database.url {
            do { _ = try DatabaseConfiguration(url: url) } catch { problems.append("DATABASE_URL: \(error)") }
        }
        guard problems.isEmpty else { throw ConfigError(problems: problems) }
        return config
    }

    /// What `serve` needs beyond `load`: a signing secret when the database is external.
    public func checkServable() throws(ConfigError) {
        if database.url != nil, auth.jwtSecret == nil, auth.jwtPrivateKeyPEM == nil {
            throw ConfigError(problems: [
                "TOKENLEDGER_JWT_SECRET: required when DATABASE_URL is set, unless TOKENLEDGER_JWT_PRIVATE_KEY_FILE is (the embedded default generates one)"
            ])
        }
    }

    static func parseFile(at path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var values: [String: String] = [:]
        let known = Set(settings.map(\.name))
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigFileError(description: "\(path):\(number + 1): expected KEY=VALUE")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard known.contains(key) else {
                throw ConfigFileError(description: "\(path):\(number + 1): unknown setting '\(key)'")
            }
            values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return values
    }
}

struct ConfigFileError: Error, CustomStringConvertible {
    let description: String
}

/// Typed reads over the merged settings; each bad value adds one problem naming its setting.
struct SettingsReader {
    let values: [String: String]
    var problems: [String] = []

    mutating func optionalString(_ name: String) -> String? {
        guard let value = values[name] else { return nil }
        if value.isEmpty {
            problems.append("\(name): must not be empty (unset it instead)")
            return nil
        }
        return value
    }

    mutating func string(_ name: String, default fallback: String) -> String {
        optionalString(name) ?? fallback
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            problems.append("\(name): must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            return fallback
        }
        return value
    }

    /// `a,b,c`, without empty entries.
    func list(_ name: String) -> [String] {
        (values[name] ?? "").split(separator: ",").map { String($0.trimmingHeaderWhitespace()) }.filter { !$0.isEmpty }
    }

    /// `5,300,1800`: nil when unset.
    mutating func integerList(_ name: String, in range: ClosedRange<Int>) -> [Int]? {
        guard values[name] != nil else { return nil }
        let numbers = list(name).map { Int($0) }
        guard !numbers.isEmpty, numbers.allSatisfy({ $0.map(range.contains) ?? false }) else {
            problems.append("\(name): must be whole numbers from \(range.lowerBound) to \(range.upperBound), comma-separated")
            return nil
        }
        return numbers.compactMap { $0 }
    }

    /// `kid=secret,kid=secret`.
    mutating func keyList(_ name: String) -> [(kid: String, secret: String)] {
        guard let text = values[name], !text.isEmpty else { return [] }
        var keys: [(kid: String, secret: String)] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                problems.append("\(name): each entry must be kid=secret")
                return []
            }
            keys.append((String(parts[0]), String(parts[1])))
        }
        return keys
    }

    /// `requests_per_minute=1000,burst=2000,caller_requests_per_minute=100,ingest_requests_per_hour=500,events_per_month=10000`
    /// (any `LimitName`): the names given replace the default's values as an operator's
    /// override does (`LimitOverride.applied`); `unlimited` lifts a rate or the quota.
    mutating func planLimits(_ name: String, default fallback: OrganizationLimits) -> OrganizationLimits {
        guard values[name] != nil else { return fallback }
        var override = LimitOverride()
        var unlimited: [LimitName] = []
        for entry in list(name) {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let limit = LimitName(wireName: parts[0]) else {
                problems.append(
                    "\(name): '\(entry)' must be name=N or name=unlimited, a name among \(LimitName.all.map(\.description).joined(separator: ", "))")
                continue
            }
            if parts[1] == "unlimited", limit.canBeUnlimited {
                unlimited.append(limit)
            } else if let number = Int64(parts[1]) {
                override[limit] = number
            } else {
                problems.append("\(name): '\(entry)' must be name=N\(limit.canBeUnlimited ? " or name=unlimited" : "")")
            }
        }
        problems += override.issues.map { "\(name): \($0.field) \($0.message)" }
        var limits = override.applied(to: fallback)
        for lifted in unlimited {
            switch lifted {
            case .rate(let scope): limits[scope] = nil
            case .eventsPerMonth: limits.eventsPerMonth = nil
            case .burst: break
            }
        }
        return limits
    }

    mutating func boolean(_ name: String, default fallback: Bool) -> Bool {
        guard let text = values[name] else { return fallback }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default:
            problems.append("\(name): must be true or false, got '\(text)'")
            return fallback
        }
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) -> T
    where T.RawValue == String {
        guard let text = values[name] else { return fallback }
        guard let value = T(rawValue: text.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append("\(name): must be one of \(allowed), got '\(text)'")
            return fallback
        }
        return value
    }
}
