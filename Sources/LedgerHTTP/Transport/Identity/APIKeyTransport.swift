import Foundation
import LedgerCore
import LedgerServices
public import OpenAPIKit

public struct APIKeyBody: APISchema, APIOutput {
    var id: APIKeyID
    var name: String
    var prefix: String
    var permissions: [String]
    var createdBy: UserID?
    var createdAt: Date
    var lastUsedAt: Date?
    var expiresAt: Date?
    var status: APIKey.Status

    init(_ key: APIKey) {
        id = key.id
        name = key.name
        prefix = key.prefix
        permissions = key.permissions.map(\.description).sorted()
        createdBy = key.createdBy
        createdAt = key.createdAt
        lastUsedAt = key.lastUsedAt
        expiresAt = key.expiresAt
        status = key.status()
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "name": .string, "prefix": .string(description: "Visible part: tl_<prefix>_…"),
            "permissions": .array(items: .string), "created_by": Schemas.optionalUUID, "created_at": Schemas.dateTime,
            "last_used_at": Schemas.optionalDateTime, "expires_at": Schemas.optionalDateTime,
            "status": .string(allowedValues: "active", "expired", "revoked"),
        ])
    }

    public static var samples: [Self] { [sample] }
    static let sample = APIKeyBody(APIKey(
        id: APIKeyID("5d1c0f0e-9a4b-4f7e-8a51-2f6b8d9e0c12")!, orgID: OrganizationBody.sample.id, name: "ingest", prefix: "k7m2p9qa",
        permissions: [Permission(.usage, .write)], createdBy: UserBody.sample.id,
        createdAt: Date(timeIntervalSince1970: 1_790_000_000), lastUsedAt: nil, expiresAt: nil, revokedAt: nil))
}

public struct CreateAPIKeyRequest: APISchema, APIInput {
    var name: String
    var permissions: [Permission]?
    var expiresAt: Date?
    var budget: BudgetInput?

    /// The key's own budget, if asked for: its scope is the key.
    var budgetDraft: BudgetDraft? {
        get throws(LedgerError) {
            guard let budget else { return nil }
            if budget.canonical.scope != nil {
                throw .validation([FieldIssue(field: "budget.scope", message: "a key's budget counts the key's own spend; leave scope out")])
            }
            return try budget.draft
        }
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "name": .string(minLength: 1, maxLength: 100, pattern: #"^[^\u0000]*[^\s\u0000][^\u0000]*$"#),
            "permissions": .array(
                required: false,
                description: "A subset of the creator's permissions, as resource:action. Absent: the `ingest` preset (usage:write, usage:read), as far as the creator holds it; the answer lists what was granted",
                minItems: 1,
                items: .string(allowedValues: Permission.catalog.sorted().map { AnyCodable($0.description) })),
            "expires_at": Schemas.optionalDateTime,
            "budget": BudgetInput.schema.optionalSchemaObject().with(
                description: "A budget of the key's own (block unless action says otherwise; scope: the key), created with it"),
        ])
    }
    public static let samples = [
        CreateAPIKeyRequest(name: "ingest", permissions: [Permission(.usage, .write)], expiresAt: nil, budget: nil)
    ]
}

public struct UpdateAPIKeyRequest: APISchema, APIInput {
    var name: String

    public static var schema: JSONSchema { .object(properties: ["name": .string(minLength: 1, maxLength: 100, pattern: #"^[^\u0000]*[^\s\u0000][^\u0000]*$"#)]) }
    public static let samples = [UpdateAPIKeyRequest(name: "ingest (prod)")]
}

/// A key with its secret: answered once, at creation and rotation.
public struct APIKeySecretResponse: APISchema, APIOutput {
    var key: APIKeyBody
    var secret: String
    var budget: BudgetAnswer?

    public static var schema: JSONSchema {
        .object(properties: [
            "key": APIKeyBody.schema,
            "secret": .string(description: "tl_<prefix>_<secret>: shown only now; store it safely"),
            "budget": BudgetAnswer.schema.optionalSchemaObject().with(description: "The key's own budget, when one was asked for"),
        ])
    }
    public static let samples = [
        APIKeySecretResponse(key: APIKeyBody.sample, secret: "tl_k7m2p9qa_" + String(repeating: "x", count: 43), budget: nil)
    ]
}

