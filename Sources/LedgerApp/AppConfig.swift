import Foundation
import LedgerStore
import Logging

/// Everything the server can be told, grouped by area. Built by `AppConfig.load`, which reads
/// flags, the environment and an optional file, and reports every bad value at once.
public struct AppConfig: Sendable {
    public struct HTTP: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var maxBodyBytes = 1 << 20
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

    public var http = HTTP()
    public var database = DatabaseSettings()
    public var logging = Logging()

    public init() {}

    /// The pool's settings for a server at `url`.
    public func databaseConfiguration(url: String) throws(DatabaseURLError) -> DatabaseConfiguration {
        var configuration = try DatabaseConfiguration(url: url)
        configuration.maximumConnections = database.poolSize
        configuration.connectTimeout = database.connectTimeout
        return configuration
    }
}
