import Foundation
import LedgerCore
import LedgerStore
import PostgresNIO
import LedgerTestSupport
import Testing

@Suite struct DatabaseErrorMappingTests {
    @Test func uniqueViolationBecomesConflict() async throws {
        try await TestDatabase.with { test async throws in
            try await test.withDatabase { database async throws in
                try await database.execute("INSERT INTO organizations (id, name, slug) VALUES (\(UUID()), 'A', 'acme')")
                await #expect {
                    try await database.execute("INSERT INTO organizations (id, name, slug) VALUES (\(UUID()), 'B', 'acme')")
                } throws: { error in
                    if case .conflict(let message) = error as? LedgerError { return message.contains("organizations_slug_key") }
                    return false
                }
            }
        }
    }

    @Test func foreignKeyViolationBecomesValidation() async throws {
        try await TestDatabase.with { test async throws in
            try await test.withDatabase { database async throws in
                await #expect {
                    try await database.execute(
                        "INSERT INTO memberships (org_id, user_id, role) VALUES (\(UUID()), \(UUID()), 'owner')")
                } throws: { error in
                    if case .validation(let issues) = error as? LedgerError { return issues.count == 1 }
                    return false
                }
            }
        }
    }

    @Test func aFailedTransactionLeavesNothingBehind() async throws {
        try await TestDatabase.with { test async throws in
            try await test.withDatabase { database async throws in
                await #expect(throws: LedgerError.self) {
                    try await database.transaction { transaction in
                        try await transaction.execute("INSERT INTO organizations (id, name, slug) VALUES (\(UUID()), 'A', 'one')")
                        try await transaction.execute("INSERT INTO organizations (id, name, slug) VALUES (\(UUID()), 'B', 'one')")
                    }
                }
                #expect(try await database.first("SELECT count(*) FROM organizations", as: Int.self) == 0)
            }
        }
    }
}
