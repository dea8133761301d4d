import Foundation
import LedgerCore
public import OpenAPIKit

public struct WebhookBody: APISchema, APIOutput {
    var id: WebhookEndpointID
    var url: String
    var description: String
    var eventTypes: [WebhookEventType]
    var enabled: Bool
    var disabledReason: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ endpoint: WebhookEndpoint) {
        id = endpoint.id
        url = endpoint.url
        description = endpoint.description
        eventTypes = endpoint.eventTypes
        enabled = endpoint.enabled
        disabledReason = endpoint.disabledReason
        createdAt = endpoint.createdAt
        updatedAt = endpoint.updatedAt
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "url": .string(format: .other("uri")), "description": .string,
            "event_types": .array(description: "Empty: every event type", items: eventType),
            "enabled": .boolean,
            "disabled_reason": .string(
                required: false, description: "Why the server turned it off: `gone` (the receiver answered 410) or `failing` (a delivery used up its retries)"),
            "created_at": Schemas.dateTime, "updated_at": Schemas.dateTime,
        ])
    }

    static var eventType: JSONSchema {
        .string(allowedValues: WebhookEventType.subscribable.map { AnyCodable($0.rawValue) })
    }

    public static var samples: [Self] { [sample] }
    static let sample = WebhookBody(WebhookEndpoint(
        id: WebhookEndpointID("0b6f2d0e-3c1a-4d5e-9f70-1a2b3c4d5e6f")!, orgID: OrganizationBody.sample.id,
        url: "https://hooks.example.com/tokenledger", description: "Finance alerts", eventTypes: [.budgetAlert, .budgetExceeded],
        enabled: true, disabledReason: nil, createdAt: Date(timeIntervalSince1970: 1_790_000_000),
        updatedAt: Date(timeIntervalSince1970: 1_790_000_000)))
}

/// The URL rules the server checks too (`WebhookDestinationPolicy`): absolute http(s), public host.
private let webhookURL = JSONSchema.string(
    format: .other("uri"), description: "https URL whose host resolves to public addresses only",
    maxLength: 2048, pattern: "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s]+([/?#]\\S*)?$")
private func webhookURL(required: Bool) -> JSONSchema { required ? webhookURL : webhookURL.optionalSchemaObject() }
private let webhookDescription = JSONSchema.string(required: false, maxLength: 500)
private let subscription = JSONSchema.array(
    required: false, description: "Event types to receive; empty or absent: every type", uniqueItems: true,
    items: WebhookBody.eventType)

public struct CreateWebhookRequest: APISchema, APIInput {
    var url: String
    var description: String?
    var eventTypes: [WebhookEventType]?
    var enabled: Bool?

    public static var schema: JSONSchema {
        .object(properties: [
            "url": webhookURL(required: true), "description": webhookDescription, "event_types": subscription,
            "enabled": .boolean(required: false),
        ])
    }
    public static let samples = [
        CreateWebhookRequest(
            url: "https://hooks.example.com/tokenledger", description: "Finance alerts", eventTypes: [.budgetAlert],
            enabled: true)
    ]
}

public struct UpdateWebhookRequest: APISchema, APIInput {
    var url: String?
    var description: String?
    var eventTypes: [WebhookEventType]?
    var enabled: Bool?

    var change: WebhookEndpointChange {
        WebhookEndpointChange(url: url, description: description, eventTypes: eventTypes, enabled: enabled)
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "url": webhookURL(required: false), "description": webhookDescription, "event_types": subscription,
            "enabled": .boolean(required: false),
        ])
    }
    public static let samples = [UpdateWebhookRequest(url: nil, description: nil, eventTypes: nil, enabled: false)]
}

/// An endpoint with its signing secret: answered once, at creation and rotation.
public struct WebhookSecretResponse: APISchema, APIOutput {
    var webhook: WebhookBody
    var secret: String

    public static var schema: JSONSchema {
        .object(properties: [
            "webhook": WebhookBody.schema,
            "secret": .string(description: "whsec_<base64>: the Standard Webhooks signing secret, shown only now"),
        ])
    }
    public static let samples = [
        WebhookSecretResponse(webhook: WebhookBody.sample, secret: "whsec_" + String(repeating: "A", count: 43) + "=")
    ]
}
