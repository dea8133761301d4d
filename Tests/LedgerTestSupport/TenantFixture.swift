public import Foundation
public import LedgerCore
public import LedgerStore
import LedgerAuth
import LedgerServices

/// An organization with its owner and an integration key, made through the services the way
/// `tokenledger bootstrap` makes them, for tests below HTTP.
public struct TenantFixture: Sendable {
    public let organization: Organization
    /// The owner, as a JWT would present them.
    public let owner: Principal
    /// The owner's API key, as `X-API-Key` would present it.
    public let integration: Principal

    public var scope: TenantScope { owner.scope }

    /// A fresh organization named `name` on `database`.
    public static func make(on database: Database, name: String = "Fixture") async throws -> TenantFixture {
        let made = try await OrganizationAdminService(database: database, defaultPlan: .enterprise).bootstrap(
            organizationName: name, email: "owner-\(UUID().uuidString.prefix(8).lowercased())@example.com", name: "Owner",
            password: nil, isOperator: false, hasher: PasswordHasher(parameters: .init(memory: 8192, iterations: 1)))
        let integration = try await APIKeyAuthenticator(database: database).authenticate(made.apiKey)
        return TenantFixture(
            organization: made.organization, owner: .user(made.owner.id, in: made.organization.id, role: .owner),
            integration: integration)
    }

    public static let origin = RequestOrigin(ip: nil, userAgent: "test", requestID: "test")
}

extension UsageRecord {
    /// A successful OpenAI-shaped call with `input` uncached prompt tokens and `output`
    /// completion tokens, at `time` (default: an hour ago).
    public static func call(
        _ model: String = "gpt-4o", provider: String = "openai", input: Int64 = 1000, output: Int64 = 100,
        at time: Date = Date().addingTimeInterval(-3600), project: String? = nil, requestID: String? = nil
    ) -> UsageRecord {
        UsageRecord(
            occurredAt: time, provider: provider, model: model, project: project,
            buckets: UsageBuckets(inputUncached: input, output: output), requestID: requestID)
    }
}
