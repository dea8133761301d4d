/// A class of endpoints with its own rate per caller on top of the caller's and the
/// organization's (Cost Katana's "rate limits by endpoint type"), counted per hour. An endpoint
/// declares its category; most have none.
public enum RateCategory: String, CaseIterable, Sendable, Hashable {
    /// Recording usage: single and batch ingest (Cost Katana's "usage tracking").
    case ingest
    /// Cost analytics: aggregates, trends and statistics (Cost Katana's "AI analysis").
    case analytics
}

/// Whose rate: the organization's, each caller's, or each caller's within one category.
public enum RateScope: Sendable, Hashable {
    case organization
    case caller
    case category(RateCategory)

    public static let all: [RateScope] = [.organization, .caller] + RateCategory.allCases.map(RateScope.category)

    /// The name of its policy in the `RateLimit` headers and in refusals.
    public var policy: String {
        switch self {
        case .organization: "organization"
        case .caller: "caller"
        case .category(let category): category.rawValue
        }
    }

    /// The wire name of its rate and of its burst: organization and caller rates are per
    /// minute, categories' per hour.
    var rateName: String {
        switch self {
        case .organization: "requests_per_minute"
        case .caller: "caller_requests_per_minute"
        case .category(let category): "\(category.rawValue)_requests_per_hour"
        }
    }

    var burstName: String {
        switch self {
        case .organization: "burst"
        case .caller: "caller_burst"
        case .category(let category): "\(category.rawValue)_burst"
        }
    }

    var windowSeconds: Int {
        if case .category = self { 3_600 } else { 60 }
    }
}
