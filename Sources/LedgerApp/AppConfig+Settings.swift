import Foundation
import LedgerCore
import LedgerServices

extension AppConfig {
    /// Every setting the server reads, in the README's order. Defaults live in `AppConfig`'s
    /// fields; a declaration states only what the default's text cannot say by itself.
    public static let settings: [Setting] = [
        .text("TOKENLEDGER_HOST", \.http.host, "address to listen on"),
        .integer("TOKENLEDGER_PORT", \.http.port, in: 1...65535, "port to listen on"),
        .integer("TOKENLEDGER_MAX_BODY_BYTES", \.http.maxBodyBytes, in: 1024...(1 << 30), "largest accepted request body (larger → 413)"),
        .integer(
            "TOKENLEDGER_MAX_BULK_BODY_BYTES", \.http.maxBulkBodyBytes, in: 1024...(1 << 30),
            "largest batch-ingest body; gzip bodies are limited after decompression"),
        .duration(
            "TOKENLEDGER_SHUTDOWN_TIMEOUT_SECONDS", \.http.shutdownTimeout, in: 0...3600, unit: .seconds(1),
            "grace for in-flight requests and background work on SIGTERM; the process exits a few seconds after it whatever is left"),
        .integer("TOKENLEDGER_USAGE_BATCH_LIMIT", \.usage.batchLimit, in: 1...100_000, "most records in one batch ingest"),
        .integer(
            "TOKENLEDGER_USAGE_RETENTION_DAYS", \.usage.retentionDays, in: 1...3650,
            "oldest accepted usage record, in days; older partitions are dropped"),
        .integer(
            "TOKENLEDGER_INGEST_COMMITS", \.usage.commitsPerOrganization, in: 1...64,
            "commits of an organization's single-event ingests in flight at once (each organization commits on its own line)"),
        .optionalText(
            "DATABASE_URL", \.database.url, "`postgres://user:pass@host:5432/db?sslmode=disable|prefer|require`; unset: the embedded PostgreSQL"),
        .integer("DATABASE_POOL_SIZE", \.database.poolSize, in: 1...500, "maximum pooled connections"),
        .duration("DATABASE_CONNECT_TIMEOUT_SECONDS", \.database.connectTimeout, in: 1...300, unit: .seconds(1), "connect timeout"),
        .text("TOKENLEDGER_DATA_DIR", \.database.embeddedDataDirectory, "embedded PostgreSQL data folder"),
        .boolean(
            "TOKENLEDGER_AUTO_MIGRATE", \.database.autoMigrate, "apply pending migrations on `serve`", default: "false; embedded: always"),
        .optionalText(
            "TOKENLEDGER_JWT_SECRET", \.auth.jwtSecret,
            "HS256 signing secret, at least 32 bytes; required with `DATABASE_URL` (the embedded default generates one and keeps it in the data folder)"),
        .text("TOKENLEDGER_JWT_KID", \.auth.jwtKeyID, "key id of the signing secret"),
        Setting(
            "TOKENLEDGER_JWT_PRIVATE_KEY_FILE",
            "Ed25519 private key (PEM): tokens are signed EdDSA and the public key is served at `/.well-known/jwks.json`"
        ) { reader, config in
            guard let path = reader.optionalString("TOKENLEDGER_JWT_PRIVATE_KEY_FILE") else { return }
            if let pem = try? String(contentsOfFile: path, encoding: .utf8), pem.contains("PRIVATE KEY") {
                config.auth.jwtPrivateKeyPEM = pem
            } else {
                reader.problems.append("TOKENLEDGER_JWT_PRIVATE_KEY_FILE: cannot read a PEM private key from '\(path)'")
            }
        },
        Setting(
            "TOKENLEDGER_JWT_PREVIOUS_KEYS", "older keys still verified during a rotation: `kid=secret,kid=secret`"
        ) { reader, config in
            config.auth.previousKeys = reader.keyList("TOKENLEDGER_JWT_PREVIOUS_KEYS")
        },
        .text("TOKENLEDGER_JWT_ISSUER", \.auth.issuer, "`iss` claim"),
        .text("TOKENLEDGER_JWT_AUDIENCE", \.auth.audience, "`aud` claim"),
        .duration(
            "TOKENLEDGER_ACCESS_TOKEN_TTL_SECONDS", \.auth.accessTokenLifetime, in: 60...86400, unit: .seconds(1), "access token lifetime"),
        .duration(
            "TOKENLEDGER_REFRESH_TOKEN_TTL_SECONDS", \.auth.refreshTokenLifetime, in: 300...31_536_000, unit: .seconds(1),
            "refresh token lifetime"),
        .boolean("TOKENLEDGER_REGISTRATION_ENABLED", \.auth.registrationEnabled, "allow self-service `POST /api/v1/auth/register`"),
        .boolean("TOKENLEDGER_DEV_MODE", \.auth.devMode, "development only: accept a JWT secret shorter than 32 bytes"),
        .integer("TOKENLEDGER_ARGON2_MEMORY_KIB", \.auth.argon2Memory, in: 8192...1_048_576, "argon2id memory in KiB; older hashes are upgraded at sign-in"),
        .integer("TOKENLEDGER_ARGON2_ITERATIONS", \.auth.argon2Iterations, in: 1...10, "argon2id iterations"),
        .integer("TOKENLEDGER_ARGON2_PARALLELISM", \.auth.argon2Parallelism, in: 1...8, "argon2id lanes"),
        .integer(
            "TOKENLEDGER_ARGON2_THREADS", \.auth.argon2Threads, in: 1...64,
            "threads that hash passwords: at most this many hashes, and this many times their memory, at once; more sign-ins wait their turn while every other request is served",
            default: "half the cores"),
        .duration(
            "TOKENLEDGER_API_KEY_USE_SECONDS", \.auth.apiKeyUseInterval, in: 1...3600, unit: .seconds(1),
            "how often API keys' `last_used_at` is written (shutdown writes what is pending)"),
        .boolean("TOKENLEDGER_WEBHOOK_ALLOW_HTTP", \.webhooks.destinations.allowPlainHTTP, "deliver webhooks to plain `http` URLs"),
        Setting(
            "TOKENLEDGER_WEBHOOK_ALLOWED_HOSTS",
            "`host` or `host:port` entries, comma-separated, that webhooks may reach although they are loopback or private (tests, on-premises receivers)"
        ) { reader, config in
            config.webhooks.destinations.allowedHosts = Set(reader.list("TOKENLEDGER_WEBHOOK_ALLOWED_HOSTS").map { $0.lowercased() })
        },
        .duration(
            "TOKENLEDGER_WEBHOOK_TIMEOUT_SECONDS", \.webhooks.timeout, in: 1...60, unit: .seconds(1), "how long one webhook attempt may take"),
        .duration(
            "TOKENLEDGER_WEBHOOK_POLL_MS", \.webhooks.pollInterval, in: 50...60_000, unit: .milliseconds(1),
            "how often delivery workers look for retries that came due, in ms (new events wake them at once)"),
        Setting(
            "TOKENLEDGER_WEBHOOK_RETRY_SECONDS",
            "the waits before each retry, comma-separated, 0-604800 each (default `\(WebhookRetryPolicy().delays.map { String(Int($0)) }.joined(separator: ","))`: about 36 hours)"
        ) { reader, config in
            if let delays = reader.integerList("TOKENLEDGER_WEBHOOK_RETRY_SECONDS", in: 0...604_800) {
                config.webhooks.retries.delays = delays.map(TimeInterval.init)
            }
        },
        .duration(
            "TOKENLEDGER_ALERT_EVALUATION_SECONDS", \.alerts.evaluationInterval, in: 1...3600, unit: .seconds(1),
            "how often the leading replica evaluates every alert rule"),
        .boolean("TOKENLEDGER_RATE_LIMIT_ENABLED", \.limits.enabled, "enforce rate limits and event quotas"),
        .boolean(
            "TOKENLEDGER_RATE_LIMIT_FAIL_OPEN", \.limits.failOpen,
            "when the limiter's store cannot be reached, admit requests (true) or answer 503 (false)"),
        .choice(
            "TOKENLEDGER_DEFAULT_PLAN", \.limits.defaultPlan,
            "the plan of organizations created by registration, `bootstrap` and operators who name none; `unlimited` has no rate or quota (a self-hosted install), a SaaS operator sets `free`"),
    ] + Plan.allCases.map(planSetting) + [
        .boolean("TOKENLEDGER_METRICS_ENABLED", \.metrics.enabled, "count requests and serve `GET /metrics`"),
        .optionalText("TOKENLEDGER_METRICS_TOKEN", \.metrics.token, "when set, `/metrics` answers only `Authorization: Bearer <token>`"),
        Setting("TOKENLEDGER_METRICS_PORT", "serve `/metrics` on this port (of `TOKENLEDGER_HOST`) instead of the API's, 1-65535") {
            reader, config in
            if reader.values["TOKENLEDGER_METRICS_PORT"] != nil {
                config.metrics.port = reader.integer("TOKENLEDGER_METRICS_PORT", in: 1...65535, default: 9090)
            }
        },
        Setting(
            "TOKENLEDGER_METRICS_ORGS",
            "organization ids, comma-separated, whose ingest metrics carry an `org` label (default none: no per-organization series)"
        ) { reader, config in
            for id in reader.list("TOKENLEDGER_METRICS_ORGS") {
                if let org = OrgID(id) { config.metrics.organizations.insert(org) } else {
                    reader.problems.append("TOKENLEDGER_METRICS_ORGS: '\(id)' is not an organization id")
                }
            }
        },
        .boolean(
            "TOKENLEDGER_TRACING_ENABLED", \.tracing.enabled,
            "spans for requests, queries and webhook attempts, W3C `traceparent` in and out; `OTEL_EXPORTER_OTLP_ENDPOINT` exports them"),
        .choice("LOG_LEVEL", \.logging.level, "the least severe log lines written"),
        .choice("LOG_FORMAT", \.logging.format, "`json` writes one object per line, with `request_id` and `trace_id` on every line of a request"),
        Setting("TOKENLEDGER_CONFIG", "optional file of `KEY=VALUE` lines with the names above; the environment wins over it") { _, _ in },
    ]

    /// `TOKENLEDGER_PLAN_FREE` and its kin: the names given replace the plan's shipped values.
    private static func planSetting(_ plan: Plan) -> Setting {
        let name = "TOKENLEDGER_PLAN_\(plan.rawValue.uppercased())"
        return Setting(
            name,
            "the `\(plan.rawValue)` plan's limits by name, e.g. `requests_per_minute=1000,caller_requests_per_minute=100,ingest_requests_per_hour=1000,events_per_month=10000`; `unlimited` lifts a rate or the quota (docs/LIMITS.md)"
        ) { reader, config in
            config.limits.plans[plan] = reader.planLimits(name, default: .shipped(plan))
        }
    }

    /// The README's settings table, as `tokenledger settings` prints it.
    public static var settingsTable: String {
        (["| setting | meaning |", "| --- | --- |"] + settings.map { "| `\($0.name)` | \($0.meaning.replacingOccurrences(of: "|", with: "\\|")) |" }).joined(separator: "\n")
    }
}
