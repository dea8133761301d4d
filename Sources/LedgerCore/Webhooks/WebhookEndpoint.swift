public import Foundation

public enum WebhookEndpointEntity {}
public typealias WebhookEndpointID = Identifier<WebhookEndpointEntity>

/// A receiver of an organization's events. An empty subscription means every event type.
public struct WebhookEndpoint: Sendable, Equatable {
    public var id: WebhookEndpointID
    public var orgID: OrgID
    public var url: String
    public var description: String
    public var eventTypes: [WebhookEventType]
    public var enabled: Bool
    /// Why the server turned the endpoint off (`gone`: it answered 410; `failing`: a delivery
    /// used up its retries); nil when enabled or turned off by a person.
    public var disabledReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: WebhookEndpointID, orgID: OrgID, url: String, description: String, eventTypes: [WebhookEventType],
        enabled: Bool, disabledReason: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.orgID = orgID
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func subscribes(to type: WebhookEventType) -> Bool {
        type == .webhookTest || eventTypes.isEmpty || eventTypes.contains(type)
    }
}

/// What an endpoint's owner may change; nil leaves a field as it is.
public struct WebhookEndpointChange: Sendable, Equatable {
    public var url: String?
    public var description: String?
    public var eventTypes: [WebhookEventType]?
    public var enabled: Bool?

    public init(url: String? = nil, description: String? = nil, eventTypes: [WebhookEventType]? = nil, enabled: Bool? = nil) {
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.enabled = enabled
    }
}
