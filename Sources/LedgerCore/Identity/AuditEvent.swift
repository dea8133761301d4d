public import Foundation

/// Where a request came from, for the audit log.
public struct RequestOrigin: Sendable, Equatable {
    public var ip: String?
    public var userAgent: String?
    public var requestID: String

    public init(ip: String?, userAgent: String?, requestID: String) {
        self.ip = ip
        self.userAgent = userAgent
        self.requestID = requestID
    }
}

public struct AuditEvent: Sendable, Equatable {
    public enum ActorType: String, Sendable, Codable, CaseIterable { case user, apiKey = "api_key", system, anonymous }

    public var id: Int64
    public var orgID: OrgID?
    public var occurredAt: Date
    public var actorType: ActorType
    public var actorID: UUID?
    public var action: String
    public var targetType: String?
    public var targetID: String?
    public var origin: RequestOrigin?
    public var details: [String: JSONValue]

    public init(
        id: Int64 = 0, orgID: OrgID?, occurredAt: Date = Date(), actorType: ActorType, actorID: UUID?, action: String,
        targetType: String?, targetID: String?, origin: RequestOrigin?, details: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.orgID = orgID
        self.occurredAt = occurredAt
        self.actorType = actorType
        self.actorID = actorID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.origin = origin
        self.details = details
    }

    /// An event done by `principal`, or by nobody known when it is nil.
    public init(
        by principal: Principal?, in orgID: OrgID?, action: String, target: (type: String, id: String)?,
        origin: RequestOrigin, details: [String: JSONValue] = [:]
    ) {
        let actor: (ActorType, UUID?) =
            switch principal?.actor {
            case .user(let id, _, _): (.user, id.uuid)
            case .apiKey(let id, _): (.apiKey, id.uuid)
            case nil: (.anonymous, nil)
            }
        self.init(
            orgID: orgID, actorType: actor.0, actorID: actor.1, action: action, targetType: target?.type,
            targetID: target?.id, origin: origin, details: details)
    }
}
