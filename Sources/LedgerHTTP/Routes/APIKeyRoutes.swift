import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

extension Endpoint where Input == CreateAPIKeyRequest, Query == NoQuery, Output == APIKeySecretResponse {
    static let createAPIKey = Endpoint(
        .post, "/api/v1/api-keys", operationID: "createAPIKey", tag: "API keys",
        summary: "Create an API key; its secret is shown once", access: .permission(Permission(.apiKey, .write)),
        success: .created)
}

extension Endpoint where Input == NoInput, Query == CursorPageQuery, Output == ListResponse<APIKeyBody> {
    static let listAPIKeys = Endpoint(
        .get, "/api/v1/api-keys", operationID: "listAPIKeys", tag: "API keys",
        summary: "List the organization's API keys", access: .permission(Permission(.apiKey, .read)))
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == APIKeyBody {
    static let getAPIKey = Endpoint(
        .get, "/api/v1/api-keys/{id}", operationID: "getAPIKey", tag: "API keys", summary: "One API key",
        access: .permission(Permission(.apiKey, .read)), parameters: [.path("id", "API key id")])
}

extension Endpoint where Input == UpdateAPIKeyRequest, Query == NoQuery, Output == APIKeyBody {
    static let updateAPIKey = Endpoint(
        .patch, "/api/v1/api-keys/{id}", operationID: "updateAPIKey", tag: "API keys", summary: "Rename an API key",
        access: .permission(Permission(.apiKey, .write)), parameters: [.path("id", "API key id")])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == NoContent {
    static let revokeAPIKey = Endpoint(
        .delete, "/api/v1/api-keys/{id}", operationID: "revokeAPIKey", tag: "API keys",
        summary: "Revoke an API key (every replica refuses it within a second)",
        access: .permission(Permission(.apiKey, .delete)), parameters: [.path("id", "API key id")], success: .noContent)
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == APIKeySecretResponse {
    static let rotateAPIKey = Endpoint(
        .post, "/api/v1/api-keys/{id}/rotate", operationID: "rotateAPIKey", tag: "API keys",
        summary: "Replace an API key's secret; the old one stops working", access: .permission(Permission(.apiKey, .write)),
        parameters: [.path("id", "API key id")], errors: [.conflict])
}

public struct APIKeyRoutes: Sendable {
    let keys: APIKeyService

    public init(keys: APIKeyService) {
        self.keys = keys
    }

    public func register(in api: inout APIRegistry) {
        api.route(.createAPIKey) { request, caller in
            let created = try await keys.create(
                name: request.input.name, permissions: request.input.permissions, expiresAt: request.input.expiresAt,
                budget: try request.input.budgetDraft, by: caller.principal, origin: caller.origin)
            return APIKeySecretResponse(key: APIKeyBody(created.key), secret: created.secret, budget: created.budget.map(BudgetBody.init))
        }
        api.route(.listAPIKeys) { request, caller in
            let page = try await keys.list(caller.scope, page: request.query.page)
            return ListResponse(page, APIKeyBody.init)
        }
        api.route(.getAPIKey) { request, caller in
            APIKeyBody(try await keys.get(caller.scope, id: try request.id()))
        }
        api.route(.updateAPIKey) { request, caller in
            APIKeyBody(try await keys.rename(
                try request.id(), to: request.input.name, by: caller.principal, origin: caller.origin))
        }
        api.route(.revokeAPIKey) { request, caller in
            try await keys.revoke(try request.id(), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(.rotateAPIKey) { request, caller in
            let rotated = try await keys.rotate(try request.id(), by: caller.principal, origin: caller.origin)
            return APIKeySecretResponse(key: APIKeyBody(rotated.key), secret: rotated.secret, budget: nil)
        }
    }
}
