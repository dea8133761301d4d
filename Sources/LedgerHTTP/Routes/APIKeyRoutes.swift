import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

/// The API key endpoints, declared from one `ResourceEndpoints`.
enum APIKeyAPI {
    static let keys = ResourceEndpoints<APIKeyEntity>("/api/v1/api-keys", tag: "API keys", permission: .apiKey, operationName: "APIKey")
    static let create: Endpoint<CreateAPIKeyRequest, NoQuery, APIKeySecretResponse> = keys.create(
        "Create an API key; its secret is shown once")
    static let list: Endpoint<NoInput, CursorPageQuery, ListResponse<APIKeyBody>> = keys.list("List the organization's API keys")
    static let get: Endpoint<NoInput, NoQuery, APIKeyBody> = keys.get("One API key")
    static let update: Endpoint<UpdateAPIKeyRequest, NoQuery, APIKeyBody> = keys.change(.patch, "Rename an API key")
    static let revoke = keys.delete("Revoke an API key (every replica refuses it within a second)", operationID: "revokeAPIKey")
    static let rotate: Endpoint<NoInput, NoQuery, APIKeySecretResponse> = keys.action(
        .post, "rotate", operationID: "rotateAPIKey", summary: "Replace an API key's secret; the old one stops working", needs: .write,
        errors: [.conflict])
}

public struct APIKeyRoutes: Sendable {
    let keys: APIKeyService

    public init(keys: APIKeyService) {
        self.keys = keys
    }

    public func register(in api: inout APIRegistry) {
        api.route(APIKeyAPI.create) { request, caller in
            let created = try await keys.create(
                name: request.input.name, permissions: request.input.permissions, expiresAt: request.input.expiresAt,
                budget: try request.input.budgetDraft, by: caller.principal, origin: caller.origin)
            return APIKeySecretResponse(key: APIKeyBody(created.key), secret: created.secret, budget: created.budget.map(BudgetAnswer.init))
        }
        api.route(APIKeyAPI.list) { request, caller in
            let page = try await keys.list(caller.scope, page: request.query.page)
            return ListResponse(page, APIKeyBody.init)
        }
        api.route(APIKeyAPI.get) { request, caller in
            APIKeyBody(try await keys.get(caller.scope, id: try request.id()))
        }
        api.route(APIKeyAPI.update) { request, caller in
            APIKeyBody(try await keys.rename(
                try request.id(), to: request.input.name, by: caller.principal, origin: caller.origin))
        }
        api.route(APIKeyAPI.revoke) { request, caller in
            try await keys.revoke(try request.id(), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(APIKeyAPI.rotate) { request, caller in
            let rotated = try await keys.rotate(try request.id(), by: caller.principal, origin: caller.origin)
            return APIKeySecretResponse(key: APIKeyBody(rotated.key), secret: rotated.secret, budget: nil)
        }
    }
}
