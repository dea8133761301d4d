public import Foundation

public enum WebhookEventEntity {}
/// One event, the `webhook-id` of every delivery of it (stable across retries and redeliveries).
public typealias WebhookEventID = Identifier<WebhookEventEntity>
public enum WebhookDeliveryEntity {}
public typealias WebhookDeliveryID = Identifier<WebhookDeliveryEntity>

/// One event on its way to one endpoint.
public struct WebhookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Waiting for its next attempt (`nextAttemptAt`).
        case pending
        case delivered
        /// Retries used up, or the endpoint was disabled; `redeliver` sends it again.
        case failed
    }

    public var id: WebhookDeliveryID
    public var orgID: OrgID
    public var endpointID: WebhookEndpointID
    public var eventID: WebhookEventID
    public var eventType: WebhookEventType
    /// The exact bytes signed and posted, the same on every attempt.
    public var payload: String
    public var status: Status
    public var attemptCount: Int
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var deliveredAt: Date?
    public var attempts: [WebhookAttempt]

    public init(
        id: WebhookDeliveryID, orgID: OrgID, endpointID: WebhookEndpointID, eventID: WebhookEventID,
        eventType: WebhookEventType, payload: String, status: Status, attemptCount: Int, nextAttemptAt: Date?,
        createdAt: Date, deliveredAt: Date?, attempts: [WebhookAttempt] = []
    ) {
        self.id = id
        self.orgID = orgID
        self.endpointID = endpointID
        self.eventID = eventID
        self.eventType = eventType
        self.payload = payload
        self.status = status
        self.attemptCount = attemptCount
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.attempts = attempts
    }

    /// The Standard Webhooks message id.
    public var messageID: String { "msg_" + eventID.description }
}

/// One try at a delivery, as logged.
public struct WebhookAttempt: Sendable, Equatable {
    public var number: Int
    public var attemptedAt: Date
    /// The receiver's status; nil when no answer came (refused, timed out, unsafe address).
    public var statusCode: Int?
    public var latencyMilliseconds: Int
    /// The start of the receiver's answer, or what went wrong.
    public var response: String

    public init(number: Int, attemptedAt: Date, statusCode: Int?, latencyMilliseconds: Int, response: String) {
        self.number = number
        self.attemptedAt = attemptedAt
        self.statusCode = statusCode
        self.latencyMilliseconds = latencyMilliseconds
        self.response = response
    }

    /// What is kept of a receiver's answer.
    public static let responseLimit = 1024
}
