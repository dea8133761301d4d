public import Foundation

public enum UserStatus: String, Sendable, CaseIterable, Codable {
    case active, invited, disabled
}

public struct User: Sendable, Equatable {
    public var id: UserID
    public var email: String
    public var name: String
    public var status: UserStatus
    public var isOperator: Bool
    public var createdAt: Date

    public init(id: UserID, email: String, name: String, status: UserStatus, isOperator: Bool, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.status = status
        self.isOperator = isOperator
        self.createdAt = createdAt
    }
}
