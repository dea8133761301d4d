public import Foundation

/// Which audit events a read covers.
public struct AuditFilter: Sendable, Equatable {
    public var actorID: UUID?
    public var action: String?
    public var targetID: String?
    public var range: DateRange

    public init(actorID: UUID? = nil, action: String? = nil, targetID: String? = nil, range: DateRange = .unbounded) {
        self.actorID = actorID
        self.action = action
        self.targetID = targetID
        self.range = range
    }
}
