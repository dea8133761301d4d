import LedgerCore
import OpenAPIKit

/// The scope of a budget or an alert rule is written on the wire as Core's `UsageScope` encodes
/// itself (each list optional, API keys as `api_key_ids`); this is its schema.
extension UsageScope {
    static func schema(required: Bool) -> JSONSchema {
        let values = JSONSchema.array(
            required: false, maxItems: UsageScope.maximumValues, items: .string(minLength: 1, maxLength: 200, pattern: #"^[^\u0000]*$"#))
        return .object(
            required: required, description: "The usage counted; each list given narrows it (absent or empty: all)",
            properties: [
                "projects": values, "providers": values, "models": values, "endpoints": values, "end_users": values,
                "api_key_ids": .array(required: false, maxItems: UsageScope.maximumValues, items: Schemas.uuid),
            ])
    }
}
