import Foundation
import HTTPTypes
import LedgerApp
import LedgerCore
import LedgerHTTP
import LedgerStore
import PostgresNIO

/// `tokenledger serve` with one more route: `GET /api/v1/benchmark/one-round-trip` answers
/// what `/auth/principal` answers after one `SELECT 1`, the baseline a tenant read is measured
/// against (Benchmarks/authenticated-get.sh). Configured like the product, from the environment.
@main
enum BenchmarkServer {
    static let oneRoundTrip = Endpoint<NoInput, NoQuery, PrincipalResponse>(
        .get, "/api/v1/benchmark/one-round-trip", operationID: "benchmarkOneRoundTrip", tag: "Benchmark",
        summary: "The caller after one database round trip", access: .authenticated)

    static func main() async throws {
        let config = try AppConfig.load(environment: ProcessInfo.processInfo.environment)
        try config.checkServable()
        try await Server.run(config: config, logger: config.makeLogger()) { api, database in
            api.route(oneRoundTrip) { _, caller in
                _ = try await database.first("SELECT 1", as: Int.self)
                return PrincipalResponse(caller.principal)
            }
        }
    }
}
