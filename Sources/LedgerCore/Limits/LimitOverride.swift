/// Values that replace a plan's, by name: a platform operator's for one organization, or a
/// server operator's for a whole plan.
public struct LimitOverride: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var values: [LimitName: Int64]

    public init(_ values: [LimitName: Int64] = [:]) {
        self.values = values
    }

    public init(dictionaryLiteral elements: (LimitName, Int64)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    public subscript(name: LimitName) -> Int64? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// The values by wire name.
    public var byWireName: [String: Int64] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key.description, $0.value) })
    }

    /// The values of `named` by wire name, and the names that are no limit.
    public static func parse(_ named: [String: Int64]) -> (override: LimitOverride, unknown: [String]) {
        var override = LimitOverride()
        var unknown: [String] = []
        for (wireName, value) in named {
            if let name = LimitName(wireName: wireName) { override[name] = value } else { unknown.append(wireName) }
        }
        return (override, unknown.sorted())
    }

    /// `limits` with these values in place of the plan's. A rate given without a burst brings
    /// one window's worth; a burst alone keeps the plan's rate (or, where the plan has none,
    /// takes the burst as the rate).
    public func applied(to limits: OrganizationLimits) -> OrganizationLimits {
        var applied = limits
        for scope in RateScope.all {
            let rate = values[.rate(scope)].map(Int.init), burst = values[.burst(scope)].map(Int.init)
            guard rate != nil || burst != nil, let limit = rate ?? limits[scope]?.limit ?? burst else { continue }
            applied[scope] = RequestRate(limit, perSeconds: scope.windowSeconds, burst: burst)
        }
        if let events = values[.eventsPerMonth] { applied.eventsPerMonth = events }
        return applied
    }

    /// Every value out of its range, by its wire name.
    public var issues: [FieldIssue] {
        LimitName.all.compactMap { name in
            guard let value = values[name], !(1...name.maximum).contains(value) else { return nil }
            return FieldIssue(field: name.description, message: "must be a whole number from 1 to \(name.maximum)")
        }
    }
}
