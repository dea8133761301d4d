import Foundation
import LedgerCore
public import OpenAPIKit

public struct WebhookDeliveryBody: APISchema, APIOutput {
    struct Attempt: Codable, Sendable {
        var number: Int
        var attemptedAt: Date
        var statusCode: Int?
        var latencyMs: Int
        var response: String
    }

    var id: WebhookDeliveryID
    var webhookID: WebhookEndpointID
    var eventID: WebhookEventID
    var messageID: String
    var eventType: WebhookEventType
    var status: WebhookDelivery.Status
    var attemptCount: Int
    var nextAttemptAt: Date?
    var createdAt: Date
    var deliveredAt: Date?
    var payload: [String: JSONValue]
    var attempts: [Attempt]

    init(_ delivery: WebhookDelivery) {
        id = delivery.id
        webhookID = delivery.endpointID
        eventID = delivery.eventID
        messageID = delivery.messageID
        eventType = delivery.eventType
        status = delivery.status
        attemptCount = delivery.attemptCount
        nextAttemptAt = delivery.status == .pending ? delivery.nextAttemptAt : nil
        createdAt = delivery.createdAt
        deliveredAt = delivery.deliveredAt
        payload = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(delivery.payload.utf8))) ?? [:]
        attempts = delivery.attempts.map {
            Attempt(
                number: $0.number, attemptedAt: $0.attemptedAt, statusCode: $0.statusCode, latencyMs: $0.latencyMilliseconds,
                response: $0.response)
        }
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "webhook_id": Schemas.uuid, "event_id": Schemas.uuid,
            "message_id": .string(description: "The webhook-id header: msg_<event_id>, the same on every attempt"),
            "event_type": .string(allowedValues: WebhookEventType.allCases.map { AnyCodable($0.rawValue) }),
            "status": Schemas.enumeration(WebhookDelivery.Status.self),
            "attempt_count": .integer(description: "Attempts since it was last queued or redelivered", minimum: (0, exclusive: false)),
            "next_attempt_at": Schemas.optionalDateTime, "created_at": Schemas.dateTime, "delivered_at": Schemas.optionalDateTime,
            "payload": .object(description: "The body sent: type, timestamp, org_id, data (and CostLLM's event, user_id)"),
            "attempts": .array(items: .object(properties: [
                "number": .integer(minimum: (1, exclusive: false)), "attempted_at": Schemas.dateTime,
                "status_code": .integer(required: false, description: "Absent when no answer came"),
                "latency_ms": .integer(minimum: (0, exclusive: false)),
                "response": .string(description: "The receiver's answer, cut to 1 KiB, or what went wrong"),
            ])),
        ])
    }
    public static let samples = [
        WebhookDeliveryBody(WebhookDelivery(
            id: WebhookDeliveryID("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d")!, orgID: OrganizationBody.sample.id,
            endpointID: WebhookBody.sample.id, eventID: WebhookEventID("7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e")!,
            eventType: .webhookTest,
            payload: #"{"data":{},"event":"webhook.test","org_id":"\#(OrganizationBody.sample.id)","timestamp":"2026-09-21T10:00:00.000Z","type":"webhook.test","user_id":null}"#,
            status: .delivered, attemptCount: 1, nextAttemptAt: nil, createdAt: Date(timeIntervalSince1970: 1_790_000_000),
            deliveredAt: Date(timeIntervalSince1970: 1_790_000_001),
            attempts: [WebhookAttempt(
                number: 1, attemptedAt: Date(timeIntervalSince1970: 1_790_000_000), statusCode: 200, latencyMilliseconds: 42,
                response: "ok")]))
    ]
}
