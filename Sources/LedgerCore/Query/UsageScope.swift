/// The usage a budget or an alert rule counts: each non-empty list narrows it to those values.
public struct UsageScope: Sendable, Equatable {
    public var projects: [String]
    public var providers: [String]
    public var models: [String]
    public var endpoints: [String]
    public var apiKeys: [APIKeyID]
    public var endUsers: [String]

    public init(
        projects: [String] = [], providers: [String] = [], models: [String] = [], endpoints: [String] = [],
        apiKeys: [APIKeyID] = [], endUsers: [String] = []
    ) {
        self.projects = projects
        self.providers = providers
        self.models = models
        self.endpoints = endpoints
        self.apiKeys = apiKeys
        self.endUsers = endUsers
    }

    /// Whether spend with these attributes counts against the budget (nil: not stated, which
    /// a narrowed dimension does not match).
    public func covers(
        project: String?, provider: String?, model: String?, endpoint: String?, apiKey: APIKeyID?, endUser: String?
    ) -> Bool {
        func allows<T: Equatable>(_ values: [T], _ value: T?) -> Bool { values.isEmpty || value.map(values.contains) == true }
        return allows(projects, project) && allows(providers, provider) && allows(models, model) && allows(endpoints, endpoint)
            && allows(apiKeys, apiKey) && allows(endUsers, endUser)
    }

    public static let maximumValues = 100

    /// What is wrong with the lists, each issue naming `field.list`.
    public func issues(field: String) -> [FieldIssue] {
        [
            ("projects", projects), ("providers", providers), ("models", models), ("endpoints", endpoints),
            ("end_users", endUsers), ("api_key_ids", apiKeys.map(\.description)),
        ].compactMap { name, values in
            values.count > Self.maximumValues || values.contains(where: { $0.isEmpty || $0.count > 200 })
                ? FieldIssue(field: "\(field).\(name)", message: "at most \(Self.maximumValues) values of 1 to 200 characters")
                : nil
        }
    }
}

/// On the wire as every scope is written: each list optional (absent: empty), API keys as
/// `api_key_ids`.
extension UsageScope: Codable {
    private enum CodingKeys: String, CodingKey {
        case projects, providers, models, endpoints, endUsers
        case apiKeys = "apiKeyIds"
    }

    public init(from decoder: any Decoder) throws {
        let lists = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            projects: try lists.decodeIfPresent([String].self, forKey: .projects) ?? [],
            providers: try lists.decodeIfPresent([String].self, forKey: .providers) ?? [],
            models: try lists.decodeIfPresent([String].self, forKey: .models) ?? [],
            endpoints: try lists.decodeIfPresent([String].self, forKey: .endpoints) ?? [],
            apiKeys: try lists.decodeIfPresent([APIKeyID].self, forKey: .apiKeys) ?? [],
            endUsers: try lists.decodeIfPresent([String].self, forKey: .endUsers) ?? [])
    }
}
