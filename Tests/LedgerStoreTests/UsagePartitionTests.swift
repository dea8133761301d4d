import Foundation
import LedgerCore
import LedgerStore
import LedgerTestSupport
import PostgresNIO
import Testing

@Suite struct UsagePartitionTests {
    func insertEvent(_ database: Database, org: UUID, at time: Date) async throws {
        try await database.execute(
            """
            INSERT INTO usage_events (org_id, occurred_at, id, provider, model, priced)
            VALUES (\(org), \(time), \(UUID()), 'openai', 'gpt-4o', false)
            """)
    }

    @Test func partitionsAreCreatedAheadAndDroppedPastRetention() async throws {
        try await TestDatabase.with { test async throws in
            try await test.withDatabase { database async throws in
                let org = UUID()
                let now = Date()
                try await insertEvent(database, org: org, at: now.addingTimeInterval(-330 * 86400))
                try await insertEvent(database, org: org, at: now.addingTimeInterval(-86400))
                let result = try #require(try await UsagePartitionRepository(database).maintain(
                    ahead: now.addingTimeInterval(200 * 86400), behind: now, retainAfter: now.addingTimeInterval(-180 * 86400)))
                #expect(result.created >= 3)
                #expect(result.dropped >= 5)
                #expect(try await database.first("SELECT count(*) FROM usage_events", as: Int.self) == 1, "only the recent event stays")
                #expect(try await database.first("SELECT count(*) FROM usage_events_default", as: Int.self) == 0)
                try await insertEvent(database, org: org, at: now.addingTimeInterval(150 * 86400))
                #expect(try await database.first("SELECT count(*) FROM usage_events_default", as: Int.self) == 0, "a partition was ready")
            }
        }
    }
}
