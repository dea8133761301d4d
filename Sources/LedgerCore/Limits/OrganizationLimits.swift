/// What one organization may do: its request rate, each caller's (a user or an API key), each
/// caller's per category, and the usage events it may record per UTC calendar month. A rate
/// that is absent, or a `nil` quota, is unlimited.
public struct OrganizationLimits: Sendable, Equatable {
    public var rates: [RateScope: RequestRate]
    public var eventsPerMonth: Int64?

    public init(rates: [RateScope: RequestRate], eventsPerMonth: Int64?) {
        self.rates = rates
        self.eventsPerMonth = eventsPerMonth
    }

    public init(
        organization: RequestRate?, caller: RequestRate?, categories: [RateCategory: RequestRate] = [:], eventsPerMonth: Int64?
    ) {
        var rates: [RateScope: RequestRate] = [:]
        rates[.organization] = organization
        rates[.caller] = caller
        for (category, rate) in categories { rates[.category(category)] = rate }
        self.init(rates: rates, eventsPerMonth: eventsPerMonth)
    }

    public subscript(scope: RateScope) -> RequestRate? {
        get { rates[scope] }
        set { rates[scope] = newValue }
    }

    public var organization: RequestRate? { rates[.organization] }
    public var caller: RequestRate? { rates[.caller] }

    /// The value in force for `name`; `nil` is unlimited.
    public func value(of name: LimitName) -> Int64? {
        switch name {
        case .rate(let scope): rates[scope].map { Int64($0.limit) }
        case .burst(let scope): rates[scope].map { Int64($0.burst) }
        case .eventsPerMonth: eventsPerMonth
        }
    }

    /// The values in force by wire name; an unlimited one is absent.
    public var byWireName: [String: Int64] {
        Dictionary(uniqueKeysWithValues: LimitName.all.compactMap { name in value(of: name).map { (name.description, $0) } })
    }

    /// The largest rate or burst a plan or an override may set (docs/LIMITS.md).
    public static let maximumRate = 10_000_000
    public static let maximumEventsPerMonth: Int64 = 1_000_000_000_000

    /// The shipped plans (docs/LIMITS.md): CostLLM's monthly figures for free and starter, its
    /// 100 requests a minute per caller on free; Cost Katana's hourly ingest (its "usage
    /// tracking") and analytics rates on free, five times them on starter.
    public static func shipped(_ plan: Plan) -> OrganizationLimits {
        switch plan {
        case .free:
            OrganizationLimits(
                organization: RequestRate(perMinute: 1_000), caller: RequestRate(perMinute: 100),
                categories: [.ingest: RequestRate(perHour: 1_000), .analytics: RequestRate(perHour: 100)], eventsPerMonth: 10_000)
        case .starter:
            OrganizationLimits(
                organization: RequestRate(perMinute: 5_000), caller: RequestRate(perMinute: 500),
                categories: [.ingest: RequestRate(perHour: 5_000), .analytics: RequestRate(perHour: 500)], eventsPerMonth: 100_000)
        case .pro: OrganizationLimits(organization: RequestRate(perMinute: 20_000), caller: RequestRate(perMinute: 2_000), eventsPerMonth: nil)
        case .enterprise: OrganizationLimits(organization: RequestRate(perMinute: 100_000), caller: RequestRate(perMinute: 10_000), eventsPerMonth: nil)
        case .unlimited: OrganizationLimits(rates: [:], eventsPerMonth: nil)
        }
    }
}
