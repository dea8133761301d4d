/// An organization role: a named set of permissions. The platform operator is not a role; it
/// is a flag on the user, checked by the operator routes.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case owner, admin, member, billing, auditor, viewer

    /// Higher ranks may grant lower ones; nobody grants a rank above their own.
    public var rank: Int {
        switch self {
        case .owner: 4
        case .admin: 3
        case .member, .billing, .auditor: 2
        case .viewer: 1
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    public var permissions: Set<Permission> {
        switch self {
        case .owner:
            Permission.catalog
        case .admin:
            Permission.catalog.subtracting([Permission(.organization, .manage)])
        case .member:
            Self.reads([.usage, .cost, .pricing, .analytics, .forecast, .report, .budget, .alert, .webhook,
                        .apiKey, .user, .organization])
                .union([Permission(.usage, .write), Permission(.gateway, .write), Permission(.report, .write),
                        Permission(.apiKey, .write), Permission(.apiKey, .delete)])
        case .billing:
            Self.reads([.usage, .cost, .pricing, .analytics, .forecast, .report, .budget, .organization])
                .union([Permission(.usage, .export), Permission(.cost, .export), Permission(.pricing, .write),
                        Permission(.pricing, .delete), Permission(.budget, .write), Permission(.budget, .delete),
                        Permission(.report, .write), Permission(.report, .export)])
        case .auditor:
            Self.reads(Permission.Resource.allCases)
                .union([Permission(.usage, .export), Permission(.cost, .export), Permission(.report, .export),
                        Permission(.auditLog, .export)])
        case .viewer:
            Self.reads([.usage, .cost, .pricing, .analytics, .forecast, .report, .budget, .alert, .organization])
        }
    }

    private static func reads(_ resources: [Permission.Resource]) -> Set<Permission> {
        Set(resources.map { Permission($0, .read) })
    }
}

extension Permission {
    /// Every permission that means something: the actions each resource supports.
    public static let catalog: Set<Permission> = Set(
        Resource.allCases.flatMap { resource in resource.actions.map { Permission(resource, $0) } })
}

extension Permission.Resource {
    public var actions: [Permission.Action] {
        switch self {
        case .usage: [.read, .write, .delete, .export]
        case .cost: [.read, .export]
        case .pricing, .budget, .alert, .webhook, .providerKey: [.read, .write, .delete]
        case .analytics, .forecast: [.read]
        case .report: [.read, .write, .delete, .export]
        case .apiKey: [.read, .write, .delete, .manage]
        case .gateway: [.write]
        case .user: [.read, .write, .delete, .manage]
        case .organization: [.read, .write, .manage]
        case .auditLog: [.read, .export]
        }
    }
}
