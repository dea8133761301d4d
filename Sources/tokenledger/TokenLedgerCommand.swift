import ArgumentParser
import Foundation
import LedgerApp
import LedgerAuth
import LedgerCore
import LedgerServices
import LedgerStore
import Logging

@main
struct TokenLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenledger",
        abstract: "TokenLedger: track and control what organizations spend on LLM APIs.",
        subcommands: [Serve.self, Migrate.self, OpenAPIDocument.self, Bootstrap.self, Pricing.self, SettingsTable.self],
        defaultSubcommand: Serve.self)
}

/// Options every subcommand shares: the config file and flag overrides.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "A file of KEY=VALUE settings (see README); the environment wins over it.")
    var config: String?

    /// Loads the configuration or prints every problem and exits with EX_CONFIG (78).
    func load(overrides: [String: String] = [:], serving: Bool = false) throws -> AppConfig {
        do {
            let loaded = try AppConfig.load(
                environment: ProcessInfo.processInfo.environment, configFile: config, overrides: overrides)
            if serving { try loaded.checkServable() }
            return loaded
        } catch {
            FileHandle.standardError.write(Data("tokenledger: \(error)\n".utf8))
            throw ExitCode(78)
        }
    }
}

extension AppConfig {
    /// The configured server, or the embedded one with no DATABASE_URL.
    func withDatabase<Result: Sendable>(
        logger: Logger, _ body: (Database) async throws -> Result
    ) async throws -> Result {
        if let url = database.url {
            let database = Database(configuration: try databaseConfiguration(url: url), logger: logger)
            return try await database.whileRunning { try await body(database) }
        }
        let cluster = try EmbeddedPostgres(dataDirectory: database.embeddedDataDirectory)
        let started = try cluster.start()
        defer { if started { try? cluster.stop() } }
        try await cluster.createDatabaseIfMissing(logger: logger)
        let database = Database(configuration: cluster.configuration, logger: logger)
        return try await database.whileRunning { try await body(database) }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server and background services.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Listen address (overrides TOKENLEDGER_HOST).") var host: String?
    @Option(help: "Listen port (overrides TOKENLEDGER_PORT).") var port: String?
    @Flag(help: "Apply pending migrations before serving (TOKENLEDGER_AUTO_MIGRATE).") var migrate = false

    func run() async throws {
        var overrides: [String: String] = [:]
        overrides["TOKENLEDGER_HOST"] = host
        overrides["TOKENLEDGER_PORT"] = port
        if migrate { overrides["TOKENLEDGER_AUTO_MIGRATE"] = "true" }
        let config = try options.load(overrides: overrides, serving: true)
        try await Server.run(config: config, logger: config.makeLogger())
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        let logger = config.makeLogger()
        let applied = try await config.withDatabase(logger: logger) { database in
            try await DatabaseSetup.run(database)
        }
        print(applied.isEmpty ? "Schema is current; nothing to apply." : "Applied: \(applied.joined(separator: ", "))")
    }
}

struct OpenAPIDocument: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI 3.1 document (JSON).")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        var logger = Logger(label: "tokenledger")
        logger.logLevel = .critical
        let document = try await ApplicationBuilder.document(config: config, logger: logger)
        FileHandle.standardOutput.write(document)
    }
}

struct SettingsTable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Print every setting with its meaning and default (the README's table, Markdown).")

    func run() {
        print(AppConfig.settingsTable)
    }
}

struct Bootstrap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the first organization, its owner and an API key, and print them once.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Organization name.") var organization: String
    @Option(help: "Owner's email.") var email: String
    @Option(help: "Owner's name.") var name: String = "Owner"
    @Option(help: "Owner's password (generated when absent).") var password: String?
    @Flag(help: "Make the owner a platform operator (cross-tenant administration).") var platformOperator = false

    func run() async throws {
        let config = try options.load()
        let logger = config.makeLogger()
        let created = try await config.withDatabase(logger: logger) { database in
            try await DatabaseSetup.run(database)
            return try await OrganizationAdminService(database: database, defaultPlan: config.limits.defaultPlan).bootstrap(
                organizationName: organization, email: email, name: name, password: password,
                isOperator: platformOperator, hasher: config.auth.passwordHasher)
        }
        print("""
            organization: \(created.organization.name) (\(created.organization.id), slug \(created.organization.slug))
            owner:        \(created.owner.email) (\(created.owner.id))\(platformOperator ? ", platform operator" : "")
            password:     \(created.password)
            api key:      \(created.apiKey)
            Store the password and the API key now: they are not shown again.
            """)
    }
}

struct Pricing: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the global price catalog.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a model_prices_and_context_window.json file as a new catalog version.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "The catalog file (LiteLLM format: USD per token).") var file: String
        @Option(help: "Where the file comes from, recorded with the version.") var source: String?
        @Option(help: "When the prices take effect (RFC 3339; default now). Earlier events keep their prices.")
        var effectiveFrom: String?
        @Option(help: "Refuse prices that move by more than this factor against the version in force.")
        var maximumChange: Double = 3
        @Flag(help: "Import even when prices look like unit errors (they are listed).") var acceptOutliers = false

        func run() async throws {
            let config = try options.load()
            let logger = config.makeLogger()
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            guard let start = effectiveFrom.map({ try? Date.ISO8601FormatStyle().parse($0) }) ?? Date() else {
                throw ValidationError("--effective-from must be an RFC 3339 timestamp such as 2026-12-01T00:00:00Z")
            }
            guard maximumChange > 1 else { throw ValidationError("--maximum-change must be above 1") }
            let review = CatalogReview(maximumChange: Decimal(maximumChange))
            let summary = try await config.withDatabase(logger: logger) { [acceptOutliers] database in
                try await DatabaseSetup.run(database)
                return try await PriceCatalogService(database: database).importCatalog(
                    data, source: source ?? URL(fileURLWithPath: file).lastPathComponent, takenOn: Date(), effectiveFrom: start,
                    review: review, acceptOutliers: acceptOutliers)
            }
            for outlier in summary.acceptedOutliers { print("accepted outlier: \(outlier)") }
            print(summary.alreadyPresent
                ? "This catalog file was imported before; nothing changed."
                : "Imported \(summary.imported) model prices, effective from \(start.formatted(.iso8601)).")
        }
    }
}
