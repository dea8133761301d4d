public import Foundation

/// The body every receiver gets: `{"type", "timestamp", "org_id", "data"}`, with CostLLM's
/// names for the same facts (`event`, `user_id`) so its receivers read it unchanged. Written
/// once, when the event happens: every attempt signs and sends these exact bytes.
public enum WebhookPayload {
    public static func json(
        _ type: WebhookEventType, orgID: OrgID, userID: UserID?, data: [String: JSONValue], at timestamp: Date = Date()
    ) -> String {
        let body: [String: JSONValue] = [
            "type": .string(type.rawValue), "event": .string(type.rawValue),
            "timestamp": .string(RFC3339.format(timestamp)), "org_id": .string(orgID.description),
            "user_id": userID.map { .string($0.description) } ?? .null, "data": .object(data),
        ]
        return String(decoding: (try? encoder.encode(body)) ?? Data("{}".utf8), as: UTF8.self)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
