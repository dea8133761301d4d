/// A request rate: `perMinute` on average, up to `burst` at once.
public struct RequestRate: Sendable, Equatable, Hashable {
    public var perMinute: Int
    public var burst: Int

    public init(perMinute: Int, burst: Int? = nil) {
        self.perMinute = perMinute
        self.burst = burst ?? perMinute
    }

    /// Microseconds between two tokens (GCRA's emission interval), at least one.
    public var intervalMicros: Int64 { max(1, 60_000_000 / Int64(perMinute)) }
}

/// What one organization may do: its request rate, each caller's (a user or an API key), and
/// the usage events it may record per UTC calendar month. `nil` is unlimited.
public struct OrganizationLimits: Sendable, Equatable {
    public var organization: RequestRate?
    public var caller: RequestRate?
    public var eventsPerMonth: Int64?

    public init(organization: RequestRate?, caller: RequestRate?, eventsPerMonth: Int64?) {
        self.organization = organization
        self.caller = caller
        self.eventsPerMonth = eventsPerMonth
    }

    /// The largest values a plan or an override may set (docs/LIMITS.md).
    public static let maximumPerMinute = 10_000_000
    public static let maximumEventsPerMonth: Int64 = 1_000_000_000_000

    /// The shipped plans (docs/LIMITS.md): CostLLM's monthly figures for free and starter, its
    /// 100 requests a minute per caller on free.
    public static func shipped(_ plan: Plan) -> OrganizationLimits {
        switch plan {
        case .free: OrganizationLimits(organization: RequestRate(perMinute: 1_000), caller: RequestRate(perMinute: 100), eventsPerMonth: 10_000)
        case .starter: OrganizationLimits(organization: RequestRate(perMinute: 5_000), caller: RequestRate(perMinute: 500), eventsPerMonth: 100_000)
        case .pro: OrganizationLimits(organization: RequestRate(perMinute: 20_000), caller: RequestRate(perMinute: 2_000), eventsPerMonth: nil)
        case .enterprise: OrganizationLimits(organization: RequestRate(perMinute: 100_000), caller: RequestRate(perMinute: 10_000), eventsPerMonth: nil)
        }
    }
}

/// A platform operator's limits for one organization: what is set replaces the plan's value.
public struct LimitOverride: Sendable, Equatable {
    public var requestsPerMinute: Int?
    public var burst: Int?
    public var callerRequestsPerMinute: Int?
    public var callerBurst: Int?
    public var eventsPerMonth: Int64?

    public init(
        requestsPerMinute: Int? = nil, burst: Int? = nil, callerRequestsPerMinute: Int? = nil, callerBurst: Int? = nil,
        eventsPerMonth: Int64? = nil
    ) {
        self.requestsPerMinute = requestsPerMinute
        self.burst = burst
        self.callerRequestsPerMinute = callerRequestsPerMinute
        self.callerBurst = callerBurst
        self.eventsPerMonth = eventsPerMonth
    }

    public var isEmpty: Bool { self == LimitOverride() }

    /// `limits` with this override's values in place of the plan's. A rate given without a
    /// burst brings one minute's worth; a burst alone keeps the plan's rate (or, on an
    /// unlimited plan, takes the burst as the rate).
    public func applied(to limits: OrganizationLimits) -> OrganizationLimits {
        func rate(_ plan: RequestRate?, perMinute: Int?, burst: Int?) -> RequestRate? {
            guard perMinute != nil || burst != nil else { return plan }
            return RequestRate(perMinute: perMinute ?? plan?.perMinute ?? burst!, burst: burst)
        }
        return OrganizationLimits(
            organization: rate(limits.organization, perMinute: requestsPerMinute, burst: burst),
            caller: rate(limits.caller, perMinute: callerRequestsPerMinute, burst: callerBurst),
            eventsPerMonth: eventsPerMonth ?? limits.eventsPerMonth)
    }

    /// Every value out of its range, by its wire name.
    public var issues: [FieldIssue] {
        let rates: [(String, Int?)] = [
            ("requests_per_minute", requestsPerMinute), ("burst", burst),
            ("caller_requests_per_minute", callerRequestsPerMinute), ("caller_burst", callerBurst),
        ]
        var issues = rates.compactMap { name, value in
            value.flatMap { (1...OrganizationLimits.maximumPerMinute).contains($0) ? nil : $0 }.map { _ in
                FieldIssue(field: name, message: "must be a whole number from 1 to \(OrganizationLimits.maximumPerMinute)")
            }
        }
        if let events = eventsPerMonth, !(1...OrganizationLimits.maximumEventsPerMonth).contains(events) {
            issues.append(FieldIssue(
                field: "events_per_month", message: "must be a whole number from 1 to \(OrganizationLimits.maximumEventsPerMonth)"))
        }
        return issues
    }
}
