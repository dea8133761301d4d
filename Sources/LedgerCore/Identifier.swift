public import Foundation

/// A UUID tagged with the entity it names, so an `OrgID` cannot be passed where a `UserID` is
/// expected.
public struct Identifier<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID = .random()) {
        self.uuid = uuid
    }

    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    public init(from decoder: any Decoder) throws {
        uuid = try decoder.singleValueContainer().decode(UUID.self)
    }

    /// Lower-case, like every id the API prints.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Lower-case, as PostgreSQL prints UUIDs.
    public var description: String { uuid.lowercasedText }
}

public enum OrganizationEntity {}
public enum UserEntity {}

public typealias OrgID = Identifier<OrganizationEntity>
public typealias UserID = Identifier<UserEntity>
