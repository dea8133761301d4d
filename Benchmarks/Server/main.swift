import Foundation
import HTTPTypes
import LedgerApp
import LedgerCore
import LedgerHTTP
import LedgerServices
import LedgerStore
import PostgresNIO

/// `tokenledger serve` with two more routes, baselines of the benchmarks: `GET
/// /api/v1/benchmark/one-round-trip` answers what `/auth/principal` answers after one `SELECT 1`,
/// what a tenant read is measured against (Benchmarks/authenticated-get.sh); `POST
/// /api/v1/benchmark/uncommitted-usage` takes a usage record as `POST /api/v1/usage` does and
/// answers it without counting or committing it, the ceiling any commit design of single ingest
/// can reach (Benchmarks/ingest.sh). Configured like the product, from the environment.
@main
enum BenchmarkServer {
    static let oneRoundTrip = Endpoint<NoInput, NoQuery, PrincipalResponse>(
        .get, "/api/v1/benchmark/one-round-trip", operationID: "benchmarkOneRoundTrip", tag: "Benchmark",
        summary: "The caller after one database round trip", access: .authenticated)

    static let uncommittedUsage = Endpoint<UsageRecordBody, NoQuery, PreferredReturn<UsageEventBody, UsageReceiptBody>>(
        .post, "/api/v1/benchmark/uncommitted-usage", operationID: "benchmarkUncommittedUsage", tag: "Benchmark",
        summary: "A usage record taken and answered as single ingest does, neither counted nor committed",
        access: .permission(Permission(.usage, .write)), parameters: [PreferredReturn<UsageEventBody, UsageReceiptBody>.parameter],
        success: .created, rateCategory: .ingest)

    static func main() async throws {
        let config = try AppConfig.load(environment: ProcessInfo.processInfo.environment)
        try config.checkServable()
        try await Server.run(config: config, logger: config.makeLogger()) { api, database in
            api.route(oneRoundTrip) { _, caller in
                _ = try await database.first("SELECT 1", as: Int.self)
                return PrincipalResponse(caller.principal)
            }
            let usage = UsageService(database: database)
            api.route(uncommittedUsage) { request, caller in
                let outcome: UsageService.Outcome = switch try await usage.prepare(try request.input.record(), idempotencyKey: nil, by: caller.principal) {
                case .success(let entry): .accepted(entry.event)
                case .failure(let error): .rejected(error)
                }
                return try UsageRoutes.answer(outcome, to: request)
            }
        }
    }
}
