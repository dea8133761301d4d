import Foundation
import HummingbirdTesting
import NIOCore
import HTTPTypes
import LedgerApp
import LedgerCore
import LedgerServices
import Testing

@Suite struct AppConfigTests {
    @Test func defaultsNeedNoSettings() throws {
        let config = try AppConfig.load(environment: [:])
        #expect(config.http.port == 8080)
        #expect(config.database.url == nil)
        #expect(config.logging.format == .text)
    }

    @Test func aPlansLimitsAreSetByNameAndUnlimitedLiftsOne() throws {
        let config = try AppConfig.load(environment: [
            "TOKENLEDGER_PLAN_FREE": "caller_burst=5, caller_requests_per_minute=30,events_per_month=unlimited",
            "TOKENLEDGER_PLAN_PRO": "requests_per_minute=unlimited", "TOKENLEDGER_RATE_LIMIT_FAIL_OPEN": "false",
        ])
        #expect(config.limits.plans[.free]?.caller == RequestRate(perMinute: 30, burst: 5))
        #expect(config.limits.plans[.free]?.organization == OrganizationLimits.shipped(.free).organization)
        #expect(config.limits.plans[.free]?.eventsPerMonth == nil)
        #expect(config.limits.plans[.pro]?.organization == nil)
        #expect(config.limits.plans[.starter] == .shipped(.starter))
        #expect(!config.limits.failOpen)
        #expect(throws: ConfigError.self) { try AppConfig.load(environment: ["TOKENLEDGER_PLAN_FREE": "burst=0"]) }
        #expect(throws: ConfigError.self) { try AppConfig.load(environment: ["TOKENLEDGER_PLAN_FREE": "speed=3"]) }
        #expect(throws: ConfigError.self) { try AppConfig.load(environment: ["TOKENLEDGER_PLAN_FREE": "burst=lots"]) }
    }

    @Test func everyBadValueIsReportedAtOnceByName() {
        #expect {
            try AppConfig.load(environment: [
                "TOKENLEDGER_PORT": "eighty", "DATABASE_POOL_SIZE": "0", "LOG_LEVEL": "loud",
                "DATABASE_URL": "mysql://x", "TOKENLEDGER_AUTO_MIGRATE": "maybe", "UNRELATED": "ignored",
                "TOKENLEDGER_JWT_SECRET": "too-short",
            ])
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            let names = [
                "TOKENLEDGER_PORT", "DATABASE_POOL_SIZE", "LOG_LEVEL", "DATABASE_URL", "TOKENLEDGER_AUTO_MIGRATE",
                "TOKENLEDGER_JWT_SECRET",
            ]
            return error.problems.count == names.count
                && names.allSatisfy { name in error.problems.contains { $0.hasPrefix(name + ":") } }
        }
    }

    @Test func anExternalDatabaseNeedsAJWTSecretAndDevModeAllowsAShortOne() throws {
        #expect(throws: ConfigError.self) {
            try AppConfig.load(environment: ["DATABASE_URL": "postgres://u@h/db"]).checkServable()
        }
        let config = try AppConfig.load(environment: [
            "DATABASE_URL": "postgres://u@h/db", "TOKENLEDGER_JWT_SECRET": "dev", "TOKENLEDGER_DEV_MODE": "true",
        ])
        #expect(config.auth.jwtSecret == "dev")
    }

    @Test func fileIsReadAndTheEnvironmentAndFlagsWinOverIt() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tl-\(UUID()).env")
        try "# comment\nTOKENLEDGER_PORT = 9000\nTOKENLEDGER_HOST=0.0.0.0\nLOG_FORMAT=json\n".write(
            to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let config = try AppConfig.load(
            environment: ["TOKENLEDGER_CONFIG": file.path, "TOKENLEDGER_HOST": "127.0.0.2"],
            overrides: ["TOKENLEDGER_PORT": "9100"])
        #expect(config.http.port == 9100)
        #expect(config.http.host == "127.0.0.2")
        #expect(config.logging.format == .json)
    }

    @Test func unknownKeysAndMissingFilesInTheConfigFileAreErrors() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tl-\(UUID()).env")
        try "TOKENLEDGER_PROT=9000\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ConfigError.self) { try AppConfig.load(environment: ["TOKENLEDGER_CONFIG": file.path]) }
        #expect(throws: ConfigError.self) { try AppConfig.load(environment: ["TOKENLEDGER_CONFIG": "/nonexistent.env"]) }
    }
}
