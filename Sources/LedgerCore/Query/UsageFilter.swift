/// Which usage events a read covers: a time range and the values each dimension may take
/// (an empty list allows every value).
public struct UsageFilter: Sendable, Equatable {
    public var range: DateRange
    public var providers: [String]
    public var models: [String]
    public var endpoints: [String]
    public var projects: [String]
    public var apiKeys: [APIKeyID]
    public var status: UsageEvent.Status?
    /// The organization the caller names (`organization_id`, an id or a slug): it narrows
    /// nothing and must be the caller's own.
    public var statedOrganization: String?

    public init(
        range: DateRange = .unbounded, providers: [String] = [], models: [String] = [], endpoints: [String] = [],
        projects: [String] = [], apiKeys: [APIKeyID] = [], status: UsageEvent.Status? = nil, statedOrganization: String? = nil
    ) {
        self.range = range
        self.providers = providers
        self.models = models
        self.endpoints = endpoints
        self.projects = projects
        self.apiKeys = apiKeys
        self.status = status
        self.statedOrganization = statedOrganization
    }

    public static let all = UsageFilter()

    /// Whether anything beyond the time range narrows the events.
    public var narrowsDimensions: Bool {
        !(providers.isEmpty && models.isEmpty && endpoints.isEmpty && projects.isEmpty && apiKeys.isEmpty && status == nil)
    }
}
