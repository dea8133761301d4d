import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

/// The webhook endpoints, declared from one `ResourceEndpoints`.
enum WebhookAPI {
    static let webhooks = ResourceEndpoints<WebhookEndpointEntity>(
        "/api/v1/webhooks", tag: "Webhooks", permission: .webhook, operationName: "Webhook")
    static let create: Endpoint<CreateWebhookRequest, NoQuery, WebhookSecretResponse> = webhooks.create(
        "Register a webhook endpoint; its signing secret is shown once")
    static let list: Endpoint<NoInput, CursorPageQuery, ListResponse<WebhookBody>> = webhooks.list(
        "List the organization's webhook endpoints")
    static let get: Endpoint<NoInput, NoQuery, WebhookBody> = webhooks.get("One webhook endpoint")
    static let update: Endpoint<UpdateWebhookRequest, NoQuery, WebhookBody> = webhooks.change(
        .patch, "Change a webhook endpoint's URL, description, subscription or enabled flag")
    static let delete = webhooks.delete("Delete a webhook endpoint and its delivery log")
    static let rotateSecret: Endpoint<NoInput, NoQuery, WebhookSecretResponse> = webhooks.action(
        .post, "rotate-secret", operationID: "rotateWebhookSecret", summary: "A new signing secret; the previous one also signs for 24 hours",
        needs: .write)
    static let test: Endpoint<NoInput, NoQuery, WebhookDeliveryBody> = webhooks.action(
        .post, "test", operationID: "testWebhook", summary: "Send a webhook.test event to this endpoint; answers the queued delivery",
        needs: .write, success: .accepted, errors: [.conflict])
    static let deliveries: Endpoint<NoInput, CursorPageQuery, ListResponse<WebhookDeliveryBody>> = webhooks.action(
        .get, "deliveries", operationID: "listWebhookDeliveries", summary: "An endpoint's deliveries, newest first, each with its attempts",
        needs: .read)
    static let redeliver: Endpoint<NoInput, NoQuery, WebhookDeliveryBody> = ResourceEndpoints<WebhookDeliveryEntity>(
        "/api/v1/webhooks/deliveries", tag: "Webhooks", permission: .webhook, operationName: "WebhookDelivery"
    ).action(
        .post, "redeliver", operationID: "redeliverWebhook",
        summary: "Send a delivery again, with the same webhook-id and a fresh retry schedule", needs: .write, success: .accepted,
        errors: [.conflict])
}

public struct WebhookRoutes: Sendable {
    let webhooks: WebhookService

    public init(webhooks: WebhookService) {
        self.webhooks = webhooks
    }

    public func register(in api: inout APIRegistry) {
        api.route(WebhookAPI.create) { request, caller in
            let input = request.input
            let created = try await webhooks.create(
                url: input.url, description: input.description, eventTypes: input.eventTypes, enabled: input.enabled,
                by: caller.principal, origin: caller.origin)
            return WebhookSecretResponse(webhook: WebhookBody(created.endpoint), secret: created.secret)
        }
        api.route(WebhookAPI.list) { request, caller in
            ListResponse(try await webhooks.list(caller.scope, page: request.query.page), WebhookBody.init)
        }
        api.route(WebhookAPI.get) { request, caller in
            WebhookBody(try await webhooks.get(caller.scope, id: try request.id()))
        }
        api.route(WebhookAPI.update) { request, caller in
            WebhookBody(try await webhooks.update(
                try request.id(), request.input.change, by: caller.principal, origin: caller.origin))
        }
        api.route(WebhookAPI.delete) { request, caller in
            try await webhooks.delete(try request.id(), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(WebhookAPI.rotateSecret) { request, caller in
            let rotated = try await webhooks.rotateSecret(
                try request.id(), by: caller.principal, origin: caller.origin)
            return WebhookSecretResponse(webhook: WebhookBody(rotated.endpoint), secret: rotated.secret)
        }
        api.route(WebhookAPI.test) { request, caller in
            WebhookDeliveryBody(try await webhooks.sendTest(try request.id(), by: caller.principal))
        }
        api.route(WebhookAPI.deliveries) { request, caller in
            ListResponse(
                try await webhooks.deliveries(caller.scope, of: try request.id(), page: request.query.page),
                WebhookDeliveryBody.init)
        }
        api.route(WebhookAPI.redeliver) { request, caller in
            WebhookDeliveryBody(try await webhooks.redeliver(
                try request.id(), by: caller.principal, origin: caller.origin))
        }
    }
}
