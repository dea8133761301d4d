/// One value a plan or an operator's override sets, named on the wire as in
/// `TOKENLEDGER_PLAN_*` and `PUT /api/v1/admin/organizations/{id}/limits`.
public enum LimitName: Sendable, Hashable, CustomStringConvertible {
    case rate(RateScope)
    case burst(RateScope)
    case eventsPerMonth

    public static let all: [LimitName] = RateScope.all.flatMap { [LimitName.rate($0), .burst($0)] } + [.eventsPerMonth]

    private static let byWireName = Dictionary(uniqueKeysWithValues: all.map { ($0.description, $0) })

    public init?(wireName: String) {
        guard let name = Self.byWireName[wireName] else { return nil }
        self = name
    }

    public var description: String {
        switch self {
        case .rate(let scope): scope.rateName
        case .burst(let scope): scope.burstName
        case .eventsPerMonth: "events_per_month"
        }
    }

    /// The largest value a plan or an override may set (docs/LIMITS.md).
    public var maximum: Int64 {
        if case .eventsPerMonth = self { OrganizationLimits.maximumEventsPerMonth } else { Int64(OrganizationLimits.maximumRate) }
    }

    /// What the value means, for the spec and the configuration help.
    public var summary: String {
        switch self {
        case .rate(.organization): "The organization's requests per minute"
        case .burst(.organization): "The organization's requests at once"
        case .rate(.caller): "Each user's or API key's requests per minute"
        case .burst(.caller): "Each user's or API key's requests at once"
        case .rate(.category(let category)): "Each user's or API key's \(category.rawValue) requests per hour"
        case .burst(.category(let category)): "Each user's or API key's \(category.rawValue) requests at once"
        case .eventsPerMonth: "Usage events per UTC calendar month"
        }
    }

    /// A rate or the quota can be lifted by a plan; a burst only shapes its rate.
    public var canBeUnlimited: Bool {
        if case .burst = self { false } else { true }
    }
}
