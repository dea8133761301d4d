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

    public init(
        range: DateRange = .unbounded, providers: [String] = [], models: [String] = [], endpoints: [String] = [],
        projects: [String] = [], apiKeys: [APIKeyID] = [], status: UsageEvent.Status? = nil
    ) {
        self.range = range
        self.providers = providers
        self.models = models
        self.endpoints = endpoints
        self.projects = projects
        self.apiKeys = apiKeys
        self.status = status
    }

    public static let all = UsageFilter()

    /// Whether anything beyond the time range narrows the events.
    public var narrowsDimensions: Bool {
        !(providers.isEmpty && models.isEmpty && endpoints.isEmpty && projects.isEmpty && apiKeys.isEmpty && status == nil)
    }
}
