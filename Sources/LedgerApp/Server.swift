import Foundation
import Hummingbird
import LedgerStore
public import Logging
public import ServiceLifecycle
public import UnixSignals

/// `tokenledger serve`: the embedded database when no URL is configured, the application,
/// and a service group that drains on SIGTERM/SIGINT within the configured grace.
public enum Server {
    public static func run(
        config: AppConfig, logger: Logger, adding additionalRoutes: ApplicationBuilder.AdditionalRoutes? = nil
    ) async throws {
        var config = config
        let embedded: EmbeddedPostgres?
        let databaseConfiguration: DatabaseConfiguration
        if let url = config.database.url {
            embedded = nil
            databaseConfiguration = try config.databaseConfiguration(url: url)
        } else {
            let cluster = try EmbeddedPostgres(dataDirectory: config.database.embeddedDataDirectory)
            embedded = cluster
            logger.info("starting embedded PostgreSQL", metadata: ["data_dir": "\(cluster.dataDirectory.path)"])
            databaseConfiguration = cluster.configuration
            config.database.autoMigrate = true
            if config.auth.jwtSecret == nil {
                config.auth.jwtSecret = try LocalSecret.loadOrCreate(
                    at: cluster.dataDirectory.deletingLastPathComponent().appendingPathComponent("jwt-secret"))
            }
        }
        let startedCluster = try embedded?.start() ?? false
        let running = RunningServices()
        let deadline = ShutdownDeadline(
            after: config.http.shutdownTimeout + Self.shutdownMargin, running: running, logger: logger,
            expire: { _ in
                if startedCluster { try? embedded?.stop() }
                _exit(1)
            })
        do {
            try await embedded?.createDatabaseIfMissing(logger: logger)
            let tracing = try TracingBackend.install(enabled: config.tracing.enabled)
            let database = Database(configuration: databaseConfiguration, logger: logger)
            let app = try await ApplicationBuilder(
                config: config, database: database, logger: logger, adding: additionalRoutes, running: running
            ).application()
            try await serviceGroup(
                running: app, config: config, logger: logger, tracing: tracing, tracked: running, deadline: deadline
            ).run()
        } catch {
            if startedCluster { try? embedded?.stop() }
            deadline.disarm()
            throw error
        }
        if startedCluster {
            logger.info("stopping embedded PostgreSQL")
            try embedded?.stop()
        }
        deadline.disarm()
    }

    /// How long after the grace a shutdown may still run before the process ends regardless.
    static let shutdownMargin: Duration = .seconds(5)

    /// SIGTERM or SIGINT stops accepting connections and lets in-flight requests finish for up
    /// to the configured grace; what still runs then is cancelled, and `deadline` ends the
    /// process if that does not end it either.
    /// The tracer's exporter runs first, so it stops last and sends the server's final spans.
    public static func serviceGroup(
        running app: some Service, config: AppConfig, logger: Logger, signals: [UnixSignal] = [.sigterm, .sigint],
        tracing: (any Service)? = nil, tracked running: RunningServices = RunningServices(), deadline: ShutdownDeadline? = nil
    ) -> ServiceGroup {
        let services = [tracing.map { running.tracking($0, as: "tracing") }, running.tracking(app, as: "http server")].compactMap { $0 }
        var configuration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) } + (deadline.map { [$0.configuration] } ?? []),
            gracefulShutdownSignals: signals, logger: logger)
        configuration.maximumGracefulShutdownDuration = config.http.shutdownTimeout
        return ServiceGroup(configuration: configuration)
    }
}
