public import LedgerCore
public import LedgerStore

/// How a change announces an event: call it in the change's own transaction, so the event
/// is delivered exactly when the change commits, within the change's trace.
public enum WebhookOutbox {
    @discardableResult
    public static func announce(
        _ type: WebhookEventType, in orgID: OrgID, by principal: Principal?, data: [String: JSONValue],
        on db: any QueryRunner, eventID: WebhookEventID = WebhookEventID(), to endpoint: WebhookEndpointID? = nil
    ) async throws -> [WebhookDeliveryID] {
        try await WebhookDeliveryRepository(db).enqueue(
            orgID: orgID, eventID: eventID, type: type,
            payload: WebhookPayload.json(type, orgID: orgID, userID: principal?.userID ?? principal?.apiKeyCreator, data: data),
            to: endpoint, traceContext: TraceContext.currentHeaders())
    }
}
