import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

private let webhookID = EndpointParameter.path("id", "Webhook endpoint id")

extension Endpoint where Input == CreateWebhookRequest, Query == NoQuery, Output == WebhookSecretResponse {
    static let createWebhook = Endpoint(
        .post, "/api/v1/webhooks", operationID: "createWebhook", tag: "Webhooks",
        summary: "Register a webhook endpoint; its signing secret is shown once",
        access: .permission(Permission(.webhook, .write)), success: .created)
}

extension Endpoint where Input == NoInput, Query == CursorPageQuery, Output == ListResponse<WebhookBody> {
    static let listWebhooks = Endpoint(
        .get, "/api/v1/webhooks", operationID: "listWebhooks", tag: "Webhooks",
        summary: "List the organization's webhook endpoints", access: .permission(Permission(.webhook, .read)))
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == WebhookBody {
    static let getWebhook = Endpoint(
        .get, "/api/v1/webhooks/{id}", operationID: "getWebhook", tag: "Webhooks", summary: "One webhook endpoint",
        access: .permission(Permission(.webhook, .read)), parameters: [webhookID])
}

extension Endpoint where Input == UpdateWebhookRequest, Query == NoQuery, Output == WebhookBody {
    static let updateWebhook = Endpoint(
        .patch, "/api/v1/webhooks/{id}", operationID: "updateWebhook", tag: "Webhooks",
        summary: "Change a webhook endpoint's URL, description, subscription or enabled flag",
        access: .permission(Permission(.webhook, .write)), parameters: [webhookID])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == NoContent {
    static let deleteWebhook = Endpoint(
        .delete, "/api/v1/webhooks/{id}", operationID: "deleteWebhook", tag: "Webhooks",
        summary: "Delete a webhook endpoint and its delivery log", access: .permission(Permission(.webhook, .delete)),
        parameters: [webhookID], success: .noContent)
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == WebhookSecretResponse {
    static let rotateWebhookSecret = Endpoint(
        .post, "/api/v1/webhooks/{id}/rotate-secret", operationID: "rotateWebhookSecret", tag: "Webhooks",
        summary: "A new signing secret; the previous one also signs for 24 hours",
        access: .permission(Permission(.webhook, .write)), parameters: [webhookID])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == WebhookDeliveryBody {
    static let testWebhook = Endpoint(
        .post, "/api/v1/webhooks/{id}/test", operationID: "testWebhook", tag: "Webhooks",
        summary: "Send a webhook.test event to this endpoint; answers the queued delivery",
        access: .permission(Permission(.webhook, .write)), parameters: [webhookID], success: .accepted, errors: [.conflict])

    static let redeliverWebhook = Endpoint(
        .post, "/api/v1/webhooks/deliveries/{id}/redeliver", operationID: "redeliverWebhook", tag: "Webhooks",
        summary: "Send a delivery again, with the same webhook-id and a fresh retry schedule",
        access: .permission(Permission(.webhook, .write)), parameters: [.path("id", "Webhook delivery id")],
        success: .accepted, errors: [.conflict])
}

extension Endpoint where Input == NoInput, Query == CursorPageQuery, Output == ListResponse<WebhookDeliveryBody> {
    static let listWebhookDeliveries = Endpoint(
        .get, "/api/v1/webhooks/{id}/deliveries", operationID: "listWebhookDeliveries", tag: "Webhooks",
        summary: "An endpoint's deliveries, newest first, each with its attempts",
        access: .permission(Permission(.webhook, .read)), parameters: [webhookID])
}

public struct WebhookRoutes: Sendable {
    let webhooks: WebhookService

    public init(webhooks: WebhookService) {
        self.webhooks = webhooks
    }

    public func register(in api: inout APIRegistry) {
        api.route(.createWebhook) { request, caller in
            let input = request.input
            let created = try await webhooks.create(
                url: input.url, description: input.description, eventTypes: input.eventTypes, enabled: input.enabled,
                by: caller.principal, origin: caller.origin)
            return WebhookSecretResponse(webhook: WebhookBody(created.endpoint), secret: created.secret)
        }
        api.route(.listWebhooks) { request, caller in
            ListResponse(try await webhooks.list(caller.scope, page: request.query.page), WebhookBody.init)
        }
        api.route(.getWebhook) { request, caller in
            WebhookBody(try await webhooks.get(caller.scope, id: try request.id("id", of: "webhook")))
        }
        api.route(.updateWebhook) { request, caller in
            WebhookBody(try await webhooks.update(
                try request.id("id", of: "webhook"), request.input.change, by: caller.principal, origin: caller.origin))
        }
        api.route(.deleteWebhook) { request, caller in
            try await webhooks.delete(try request.id("id", of: "webhook"), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(.rotateWebhookSecret) { request, caller in
            let rotated = try await webhooks.rotateSecret(
                try request.id("id", of: "webhook"), by: caller.principal, origin: caller.origin)
            return WebhookSecretResponse(webhook: WebhookBody(rotated.endpoint), secret: rotated.secret)
        }
        api.route(.testWebhook) { request, caller in
            WebhookDeliveryBody(try await webhooks.sendTest(try request.id("id", of: "webhook"), by: caller.principal))
        }
        api.route(.listWebhookDeliveries) { request, caller in
            ListResponse(
                try await webhooks.deliveries(caller.scope, of: try request.id("id", of: "webhook"), page: request.query.page),
                WebhookDeliveryBody.init)
        }
        api.route(.redeliverWebhook) { request, caller in
            WebhookDeliveryBody(try await webhooks.redeliver(
                try request.id("id", of: "webhook delivery"), by: caller.principal, origin: caller.origin))
        }
    }
}
