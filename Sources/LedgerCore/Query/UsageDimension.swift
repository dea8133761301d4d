/// A dimension usage can be grouped and filtered by.
public enum UsageDimension: String, Sendable, CaseIterable, Codable {
    case provider, model, endpoint, project
    case apiKey = "api_key"
    /// The end-user tag, `user` in usage records.
    case user
    case status
}
