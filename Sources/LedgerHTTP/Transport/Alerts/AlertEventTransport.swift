import Foundation
import LedgerCore
public import OpenAPIKit

/// One firing or resolution of a rule, as `GET /api/v1/alerts/events` lists it.
public struct AlertEventBody: APISchema, APIOutput {
    var id: AlertEventID
    var ruleID: AlertRuleID
    var kind: AlertTransition
    var value: Decimal?
    var threshold: Decimal
    var occurredAt: Date

    init(_ event: AlertEvent) {
        id = event.id
        ruleID = event.ruleID
        kind = event.kind
        value = event.value
        threshold = event.threshold
        occurredAt = event.occurredAt
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "rule_id": Schemas.uuid, "kind": Schemas.enumeration(AlertTransition.self),
            "value": .number(required: false, description: "The condition's value that caused it; absent when nothing was measured"),
            "threshold": .number, "occurred_at": Schemas.dateTime,
        ])
    }
    public static let samples = [
        AlertEventBody(AlertEvent(
            id: AlertEventID("4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c")!, orgID: OrganizationBody.sample.id, ruleID: AlertRuleBody.sample.id,
            kind: .triggered, value: 12.5, threshold: 10, occurredAt: Date(timeIntervalSince1970: 1_790_000_000)))
    ]
}
