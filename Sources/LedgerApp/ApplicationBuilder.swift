import Foundation
import Hummingbird
import LedgerHTTP
import LedgerServices
import LedgerStore
import Logging

/// The composition root: the services and routes production runs, so tests build exactly
/// the same application.
public struct ApplicationBuilder: Sendable {
    public let config: AppConfig
    public let database: Database
    public let logger: Logger

    public init(config: AppConfig, database: Database, logger: Logger) {
        self.config = config
        self.database = database
        self.logger = logger
    }

    /// Every endpoint with its handler.
    public func registry() -> APIRegistry {
        var api = APIRegistry(maxBodyBytes: config.http.maxBodyBytes)
        SystemRoutes(system: SystemService(database: database)).register(in: &api)
        return api
    }

    /// The HTTP application; the database pool is one of its services, so the server drains
    /// before the pool closes.
    public func application() throws -> Application<RouterResponder<AppRequestContext>> {
        let router = try registry().makeRouter()
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(config.http.host, port: config.http.port), serverName: nil),
            services: [database.client],
            logger: logger)
        if config.database.autoMigrate {
            let runner = MigrationRunner(database: database)
            app.beforeServerStarts { try await runner.migrate() }
        }
        return app
    }
}

extension ApplicationBuilder {
    /// The OpenAPI document, without touching a database.
    public static func document(config: AppConfig, logger: Logger) throws -> Data {
        let unused = DatabaseConfiguration(endpoint: .tcp(host: "127.0.0.1", port: 5432), username: "-", database: "-")
        let builder = ApplicationBuilder(config: config, database: Database(configuration: unused, logger: logger), logger: logger)
        return try builder.registry().openAPIDocument(version: SystemService.version)
    }
}
