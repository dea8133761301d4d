public import Foundation

/// A usage record as an integration reports it, normalised, before pricing.
public struct UsageRecord: Sendable, Equatable {
    public var occurredAt: Date
    public var provider: String
    public var model: String
    public var endpoint: String?
    public var project: String?
    public var endUser: String?
    public var serviceTier: String?
    public var buckets: UsageBuckets
    public var latencyMs: Int?
    public var timeToFirstTokenMs: Int?
    public var status: UsageEvent.Status
    public var errorType: String?
    public var requestID: String?
    public var tags: [String]
    public var metadata: [String: JSONValue]
    public var reportedCostNanos: NanoUSD?
    /// SHA-256 of the record as the client sent it, when a retry key names it: a key used again
    /// with another body is refused instead of answering the first event.
    public var digest: [UInt8]?
    /// The organization the client says the record belongs to (`organization_id`, an id or a
    /// slug): never trusted, only checked against the caller's.
    public var statedOrganization: String?

    public init(
        occurredAt: Date, provider: String, model: String, endpoint: String? = nil, project: String? = nil,
        endUser: String? = nil, serviceTier: String? = nil, buckets: UsageBuckets, latencyMs: Int? = nil,
        timeToFirstTokenMs: Int? = nil, status: UsageEvent.Status = .success, errorType: String? = nil,
        requestID: String? = nil, tags: [String] = [], metadata: [String: JSONValue] = [:], reportedCostNanos: NanoUSD? = nil
    ) {
        self.occurredAt = occurredAt
        self.provider = provider
        self.model = model
        self.endpoint = endpoint
        self.project = project
        self.endUser = endUser
        self.serviceTier = serviceTier
        self.buckets = buckets
        self.latencyMs = latencyMs
        self.timeToFirstTokenMs = timeToFirstTokenMs
        self.status = status
        self.errorType = errorType
        self.requestID = requestID
        self.tags = tags
        self.metadata = metadata
        self.reportedCostNanos = reportedCostNanos
    }
}
