import Foundation
public import LedgerCore
public import LedgerStore

/// An organization's webhook endpoints: saved only for destinations the policy allows, with
/// a secret shown once, test sends and redelivery.
public struct WebhookService: Sendable {
    let database: Database
    let settings: WebhookSettings

    public init(database: Database, settings: WebhookSettings) {
        self.database = database
        self.settings = settings
    }

    public func create(
        url: String, description: String?, eventTypes: [WebhookEventType]?, enabled: Bool?, by principal: Principal,
        origin: RequestOrigin
    ) async throws -> (endpoint: WebhookEndpoint, secret: String) {
        try await validate(WebhookEndpointChange(url: url, description: description, eventTypes: eventTypes))
        let now = Date()
        let endpoint = WebhookEndpoint(
            id: WebhookEndpointID(), orgID: principal.orgID, url: url, description: description ?? "",
            eventTypes: (eventTypes ?? []).sorted(), enabled: enabled ?? true, disabledReason: nil, createdAt: now, updatedAt: now)
        let secret = WebhookSecret.generate()
        try await database.audited("created", endpoint.id, by: principal, origin: origin, details: ["url": .string(url)]) {
            try await WebhookEndpointRepository($0).insert(endpoint, secret: secret)
        }
        return (endpoint, secret)
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<WebhookEndpoint> {
        try await database.read(in: scope) { try await WebhookEndpointRepository($0).list(scope, page: page) }
    }

    public func get(_ scope: TenantScope, id: WebhookEndpointID) async throws -> WebhookEndpoint {
        guard let endpoint = try await database.read(in: scope, { try await WebhookEndpointRepository($0).find(scope, id: id) })
        else { throw LedgerError.notFound(WebhookEndpointEntity.self) }
        return endpoint
    }

    public func update(
        _ id: WebhookEndpointID, _ change: WebhookEndpointChange, by principal: Principal, origin: RequestOrigin
    ) async throws -> WebhookEndpoint {
        _ = try await get(principal.scope, id: id)
        try await validate(change)
        var sorted = change
        sorted.eventTypes = change.eventTypes?.sorted()
        try await database.audited("updated", id, by: principal, origin: origin, details: change.auditDetails) { [sorted] in
            try await WebhookEndpointRepository($0).update(principal.scope, id: id, sorted)
        }
        return try await get(principal.scope, id: id)
    }

    public func delete(_ id: WebhookEndpointID, by principal: Principal, origin: RequestOrigin) async throws {
        _ = try await get(principal.scope, id: id)
        try await database.audited("deleted", id, by: principal, origin: origin) {
            try await WebhookEndpointRepository($0).delete(principal.scope, id: id)
        }
    }

    /// A new secret; the previous one goes on signing for `rotationOverlap`, so deliveries
    /// carry both signatures while the receiver switches over.
    public func rotateSecret(
        _ id: WebhookEndpointID, by principal: Principal, origin: RequestOrigin
    ) async throws -> (endpoint: WebhookEndpoint, secret: String) {
        _ = try await get(principal.scope, id: id)
        let secret = WebhookSecret.generate()
        let previousUntil = Date().addingTimeInterval(settings.rotationOverlap)
        try await database.audited(
            "secret_rotated", id, by: principal, origin: origin,
            details: ["previous_secret_valid_until": .string(RFC3339.format(previousUntil))]
        ) {
            try await WebhookEndpointRepository($0).rotateSecret(principal.scope, id: id, to: secret, previousUntil: previousUntil)
        }
        return (try await get(principal.scope, id: id), secret)
    }

    /// A `webhook.test` event to this endpoint alone, whatever it subscribes to.
    public func sendTest(_ id: WebhookEndpointID, by principal: Principal) async throws -> WebhookDelivery {
        let endpoint = try await get(principal.scope, id: id)
        let disabled = LedgerError.conflict("The webhook is disabled; enable it before testing it")
        guard endpoint.enabled else { throw disabled }
        let queued = try await database.tenant(principal.scope) { transaction in
            try await WebhookOutbox.announce(
                .webhookTest, in: principal.orgID, by: principal,
                data: ["webhook_id": .string(id.description), "message": .string("A test event from TokenLedger")],
                on: transaction, to: id)
        }
        // Turned off between the read and the write: no delivery was made.
        guard let deliveryID = queued.first else { throw disabled }
        return try await delivery(principal.scope, id: deliveryID)
    }

    public func deliveries(_ scope: TenantScope, of id: WebhookEndpointID, page: PageRequest) async throws -> Page<WebhookDelivery> {
        _ = try await get(scope, id: id)
        return try await database.read(in: scope) { try await WebhookDeliveryRepository($0).list(scope, endpoint: id, page: page) }
    }

    public func delivery(_ scope: TenantScope, id: WebhookDeliveryID) async throws -> WebhookDelivery {
        guard let delivery = try await database.read(in: scope, { try await WebhookDeliveryRepository($0).find(scope, id: id) })
        else { throw LedgerError.notFound(WebhookDeliveryEntity.self) }
        return delivery
    }

    /// Sent again at once with the same `webhook-id` and a fresh retry schedule.
    public func redeliver(_ id: WebhookDeliveryID, by principal: Principal, origin: RequestOrigin) async throws -> WebhookDelivery {
        let existing = try await delivery(principal.scope, id: id)
        guard try await get(principal.scope, id: existing.endpointID).enabled else {
            throw LedgerError.conflict("The webhook is disabled; enable it before redelivering to it")
        }
        try await database.tenant(principal.scope) { transaction in
            _ = try await WebhookDeliveryRepository(transaction).redeliver(principal.scope, id: id)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: principal.orgID, action: "webhook.redelivered", target: ("webhook_delivery", id.description),
                origin: origin))
        }
        return try await delivery(principal.scope, id: id)
    }

    private func validate(_ change: WebhookEndpointChange) async throws {
        var issues: [FieldIssue] = []
        if let url = change.url {
            if url.utf8.count > 2048 {
                issues.append(FieldIssue(field: "url", message: "must be at most 2048 bytes"))
            } else if let refusal = await settings.destinations.refusal(of: url) {
                issues.append(FieldIssue(field: "url", message: refusal))
            }
        }
        if let description = change.description, description.count > 500 {
            issues.append(FieldIssue(field: "description", message: "must be at most 500 characters"))
        }
        if let types = change.eventTypes {
            if types.contains(.webhookTest) {
                issues.append(FieldIssue(field: "event_types", message: "webhook.test is sent only by the test route"))
            }
            if Set(types).count != types.count { issues.append(FieldIssue(field: "event_types", message: "must not repeat a type")) }
        }
        if !issues.isEmpty { throw LedgerError.validation(issues) }
    }
}

extension WebhookEndpointChange {
    var auditDetails: [String: JSONValue] {
        var details: [String: JSONValue] = [:]
        if let url { details["url"] = .string(url) }
        if let eventTypes { details["event_types"] = .array(eventTypes.map { .string($0.rawValue) }) }
        if let enabled { details["enabled"] = .bool(enabled) }
        return details
    }
}
