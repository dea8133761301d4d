public import Foundation
public import Hummingbird
import LedgerAuth
import LedgerCore
public import LedgerHTTP
import LedgerServices
public import LedgerStore
public import Logging
import ServiceLifecycle

/// The composition root: the services and routes production runs, so tests build exactly
/// the same application.
public struct ApplicationBuilder: Sendable {
    /// Endpoints a build adds to the product's: the benchmark server's baseline route.
    public typealias AdditionalRoutes = @Sendable (inout APIRegistry, Database) -> Void

    public let config: AppConfig
    public let database: Database
    public let logger: Logger
    let additionalRoutes: AdditionalRoutes?
    /// Where the application's services are counted while they run (`ShutdownDeadline`).
    let running: RunningServices

    public init(
        config: AppConfig, database: Database, logger: Logger, adding additionalRoutes: AdditionalRoutes? = nil,
        running: RunningServices = RunningServices()
    ) {
        self.running = running
        self.config = config
        self.database = database
        self.logger = logger
        self.additionalRoutes = additionalRoutes
    }

    struct Parts: Sendable {
        let registry: APIRegistry
        let apiKeys: APIKeyAuthenticator
        let budgets: BudgetEvaluator
        let rateLimiter: RateLimiter
        let metrics: ServerMetrics?
        let prices: PriceCandidatesCache
    }

    /// Every endpoint with its handler, and the long-lived pieces the services share; their
    /// background work waits for `schemaReady`.
    func parts(schemaReady: StartGate = StartGate(isOpen: true)) async throws -> Parts {
        guard let secret = config.auth.jwtSecret ?? (config.auth.jwtPrivateKeyPEM != nil ? "" : nil) else {
            throw ConfigError(problems: ["TOKENLEDGER_JWT_SECRET: not set"])
        }
        let tokens = try await TokenIssuer(settings: config.auth.jwtSettings(secret: secret))
        let apiKeys = APIKeyAuthenticator(database: database)
        let prices = PriceCandidatesCache()
        let hasher = config.auth.passwordHasher
        let metrics = config.metrics.enabled
            ? ServerMetrics(version: SystemService.version, organizations: config.metrics.organizations) : nil
        metrics?.sampleGauges(of: database)
        let limitsCache = OrganizationLimitsCache(database: database, settings: config.limits)
        let quota = EventQuota(database: database, settings: config.limits, limits: limitsCache, logger: logger, metrics: metrics)
        let limits = LimitsService(database: database, settings: config.limits, cache: limitsCache, quota: quota)
        let rateLimiter = RateLimiter(
            database: database, settings: config.limits, limits: limitsCache, logger: logger, metrics: metrics)
        var api = APIRegistry(
            maxBodyBytes: config.http.maxBodyBytes, maxBulkBodyBytes: config.http.maxBulkBodyBytes,
            authenticator: Authenticator(tokens: tokens, apiKeys: apiKeys), rateLimiter: rateLimiter, metrics: metrics)
        if let metrics, config.metrics.port == nil {
            MetricsRoutes(metrics: metrics, token: config.metrics.token).register(in: &api)
        }
        SystemRoutes(system: SystemService(database: database)).register(in: &api)
        KeySetRoutes(tokens: tokens).register(in: &api)
        AuthRoutes(identity: IdentityService(
            database: database, hasher: hasher, tokens: tokens, registrationEnabled: config.auth.registrationEnabled,
            plan: config.limits.defaultPlan)
        ).register(in: &api)
        APIKeyRoutes(keys: APIKeyService(database: database, authenticator: apiKeys)).register(in: &api)
        MemberRoutes(members: MemberService(database: database)).register(in: &api)
        AuditLogRoutes(audit: AuditLogService(database: database)).register(in: &api)
        let organizations = OrganizationAdminService(database: database, limits: limits, defaultPlan: config.limits.defaultPlan)
        OrganizationAdminRoutes(organizations: organizations, limits: limits).register(in: &api)
        OrganizationRoutes(organizations: organizations, limits: limits).register(in: &api)
        PricingRoutes(pricing: PricingService(database: database, prices: prices)).register(in: &api)
        var rules = UsageRules()
        rules.retention = TimeInterval(config.usage.retentionDays * 86400)
        rules.batchLimit = config.usage.batchLimit
        let costs = CostService(database: database)
        let budgets = BudgetEvaluator(database: database, logger: logger, startingAfter: schemaReady)
        let usage = UsageService(
            database: database, rules: rules, commitsPerOrganization: config.usage.commitsPerOrganization, budgets: budgets,
            quota: quota, metrics: metrics, prices: prices)
        UsageRoutes(usage: usage).register(in: &api)
        CostRoutes(costs: costs).register(in: &api)
        WebhookRoutes(webhooks: WebhookService(database: database, settings: config.webhooks)).register(in: &api)
        BudgetRoutes(budgets: BudgetService(database: database, evaluator: budgets)).register(in: &api)
        AlertRoutes(alerts: AlertRuleService(database: database)).register(in: &api)
        additionalRoutes?(&api, database)
        return Parts(registry: api, apiKeys: apiKeys, budgets: budgets, rateLimiter: rateLimiter, metrics: metrics, prices: prices)
    }

    /// The HTTP application. The pool runs first among its services and stops last, so the
    /// server drains before the pool closes.
    public func application() async throws -> Application<RouterResponder<AppRequestContext>> {
        // Jobs start once the schema is current: after the migrations when this process runs them.
        let schemaReady = StartGate(isOpen: !config.database.autoMigrate)
        let parts = try await parts(schemaReady: schemaReady)
        let jobs = [
            PeriodicJob.recordAPIKeyUse(parts.apiKeys, interval: config.auth.apiKeyUseInterval, logger: logger),
            PeriodicJob.foldUsageRollups(database, logger: logger),
            PeriodicJob.maintainUsagePartitions(database, retentionDays: config.usage.retentionDays, logger: logger),
            PeriodicJob.sweepBudgets(parts.budgets, logger: logger),
            PeriodicJob.forgetFullRateLimitBuckets(parts.rateLimiter, logger: logger),
            PeriodicJob.evaluateAlertRules(
                AlertRuleEvaluator(database: database, logger: logger), interval: config.alerts.evaluationInterval, logger: logger),
        ].map { $0.starting(after: schemaReady).measured(by: parts.metrics) }
        let services: [any Service] = [
            database,
            ChannelListener(
                database: database,
                subscriptions: [.apiKeyRevocations(evictingFrom: parts.apiKeys), .priceChanges(emptying: parts.prices)],
                logger: logger),
            WebhookDeliveryWorker(
                database: database, settings: config.webhooks, logger: logger, startingAfter: schemaReady, metrics: parts.metrics),
            parts.budgets,
        ] + jobs + (try metricsServer(parts.metrics).map { [$0] } ?? [])
        var app = Application(
            router: try parts.registry.makeRouter(),
            configuration: .init(address: .hostname(config.http.host, port: config.http.port), serverName: nil),
            services: services.map { running.tracking($0) },
            logger: logger)
        if config.database.autoMigrate {
            let database = database
            app.beforeServerStarts {
                try await DatabaseSetup.run(database)
                schemaReady.open()
            }
        }
        return app
    }
}

extension ApplicationBuilder {
    /// `/metrics` alone on its own port, when one is configured.
    func metricsServer(_ metrics: ServerMetrics?) throws -> (any Service)? {
        guard let metrics, let port = config.metrics.port else { return nil }
        var api = APIRegistry(maxBodyBytes: 1024)
        MetricsRoutes(metrics: metrics, token: config.metrics.token).register(in: &api)
        return Application(
            router: try api.makeRouter(), configuration: .init(address: .hostname(config.http.host, port: port), serverName: nil),
            logger: logger)
    }

    /// The OpenAPI document, without touching a database.
    public static func document(config: AppConfig, logger: Logger) async throws -> Data {
        try await registry(config: config, logger: logger).openAPIDocument(version: SystemService.version)
    }

    /// Every endpoint, built over a database that is never reached.
    static func registry(config: AppConfig, logger: Logger) async throws -> APIRegistry {
        var config = config
        config.auth.jwtSecret = String(repeating: "d", count: 32)
        let unused = DatabaseConfiguration(endpoint: .tcp(host: "127.0.0.1", port: 5432), username: "-", database: "-")
        let builder = ApplicationBuilder(config: config, database: Database(configuration: unused, logger: logger), logger: logger)
        return try await builder.parts().registry
    }
}
