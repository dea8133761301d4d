/// A permission `resource:action`. Every endpoint declares the one it needs.
public struct Permission: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let resource: Resource
    public let action: Action

    public init(_ resource: Resource, _ action: Action) {
        self.resource = resource
        self.action = action
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let resource = Resource(rawValue: String(parts[0])),
            let action = Action(rawValue: String(parts[1]))
        else { return nil }
        self.init(resource, action)
    }

    public var description: String { "\(resource.rawValue):\(action.rawValue)" }

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let permission = Permission(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "Unknown permission '\(text)'"))
        }
        self = permission
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public enum Resource: String, Sendable, CaseIterable, Codable {
        case usage, cost, pricing, analytics, forecast, report, budget, alert, webhook
        case apiKey = "api_key"
        case providerKey = "provider_key"
        case gateway, user, organization
        case auditLog = "audit_log"
    }

    public enum Action: String, Sendable, CaseIterable, Codable {
        case read, write, delete, export, manage
    }
}
