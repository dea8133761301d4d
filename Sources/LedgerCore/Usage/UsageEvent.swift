public import Foundation

public enum UsageEventEntity {}
public typealias UsageEventID = Identifier<UsageEventEntity>

/// One LLM call as recorded in the ledger: what the integration reported (`record`, whose
/// fields read as the event's own: `event.model`), where and when it arrived, and its cost.
@dynamicMemberLookup
public struct UsageEvent: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable { case success, error }

    public var id: UsageEventID
    public var orgID: OrgID
    public var receivedAt: Date
    /// The key that recorded it, when an API key did.
    public var apiKeyID: APIKeyID?
    public var record: UsageRecord
    /// nil when no price was in effect for the model at `occurredAt`.
    public var cost: CostBreakdown?

    public init(
        id: UsageEventID, orgID: OrgID, receivedAt: Date, apiKeyID: APIKeyID? = nil, record: UsageRecord, cost: CostBreakdown? = nil
    ) {
        self.id = id
        self.orgID = orgID
        self.receivedAt = receivedAt
        self.apiKeyID = apiKeyID
        self.record = record
        self.cost = cost
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<UsageRecord, Value>) -> Value {
        get { record[keyPath: field] }
        set { record[keyPath: field] = newValue }
    }
}

/// Rules a usage record must meet before it is priced and stored.
public struct UsageRules: Sendable {
    /// How far in the future a timestamp may be (clock skew).
    public var maximumSkew: TimeInterval = 300
    /// How old a record may be: older ones fall outside retention.
    public var retention: TimeInterval = 400 * 86400
    public var maximumMetadataBytes = 8192
    public var maximumTags = 32
    /// Most records in one batch.
    public var batchLimit = 10_000
    public var maximumIdempotencyKeyLength = 255

    public init() {}

    /// Shared once configured: an encoder made for every record showed in ingest's profile.
    private static let metadataEncoder = JSONEncoder()

    public func check(_ event: UsageEvent, now: Date = Date()) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        for (field, value) in [("latency_ms", event.latencyMs), ("time_to_first_token_ms", event.timeToFirstTokenMs)] {
            if let issue = UsageLimits.issue(field, value.map(Int64.init), maximum: Int64(UsageLimits.maximumMilliseconds)) {
                issues.append(issue)
            }
        }
        if let issue = UsageLimits.issue("reported_cost_usd", event.reportedCostNanos, maximum: UsageLimits.maximumCostNanos) {
            issues.append(FieldIssue(field: issue.field, message: "must be at most 1000000 USD"))
        }
        if event.occurredAt > now.addingTimeInterval(maximumSkew) {
            issues.append(FieldIssue(field: "timestamp", message: "is more than \(Int(maximumSkew)) s in the future"))
        }
        if event.occurredAt < now.addingTimeInterval(-retention) {
            issues.append(FieldIssue(field: "timestamp", message: "is older than the \(Int(retention / 86400))-day retention window"))
        }
        for (field, value, limit) in [
            ("provider", Optional(event.provider), 100), ("model", Optional(event.model), 200), ("endpoint", event.endpoint, 200),
            ("project", event.project, 200), ("user", event.endUser, 200), ("request_id", event.requestID, 200),
            ("error_type", event.errorType, 200), ("service_tier", event.serviceTier, 50),
        ] {
            if let value, value.isEmpty || value.count > limit {
                issues.append(FieldIssue(field: field, message: "must be 1 to \(limit) characters"))
            }
        }
        if event.tags.count > maximumTags || event.tags.contains(where: { $0.isEmpty || $0.count > 100 }) {
            issues.append(FieldIssue(field: "tags", message: "at most \(maximumTags) tags of 1 to 100 characters"))
        }
        let metadataBytes = event.metadata.isEmpty ? 2 : (try? Self.metadataEncoder.encode(event.metadata).count) ?? Int.max
        if metadataBytes > maximumMetadataBytes {
            issues.append(FieldIssue(field: "metadata", message: "must be at most \(maximumMetadataBytes) bytes of JSON"))
        }
        if event.status == .success, event.errorType != nil {
            issues.append(FieldIssue(field: "error_type", message: "only applies when status is error"))
        }
        return issues
    }
}

extension UsageRules {
    /// The key under which a write's retries are recognised: the client's Idempotency-Key, or
    /// else the record's request_id (two namespaces, so they never collide).
    public func retryKey(idempotencyKey: String?, requestID: String?) throws(LedgerError) -> String? {
        if let idempotencyKey {
            guard (1...maximumIdempotencyKeyLength).contains(idempotencyKey.count) else {
                throw .badRequest(
                    code: "INVALID_IDEMPOTENCY_KEY", message: "Idempotency-Key must be 1 to \(maximumIdempotencyKeyLength) characters")
            }
            return "key:\(idempotencyKey)"
        }
        return retryKey(requestID: requestID)
    }

    public func retryKey(requestID: String?) -> String? {
        requestID.map { "request:\($0)" }
    }

    /// Whether a write with `digest` repeats the one that first held its key. A key recorded
    /// before digests were kept, or a write with none, is taken as a retry.
    public static func isRetry(_ digest: [UInt8]?, of original: [UInt8]?) -> Bool {
        guard let digest, let original else { return true }
        return digest == original
    }

    /// Why a key used again with another body is refused (the IETF Idempotency-Key draft's 422).
    public static func keyReused(_ key: String) -> LedgerError {
        let field = key.hasPrefix("key:") ? "Idempotency-Key" : "request_id"
        return .validation([FieldIssue(
            field: field, message: "was first used with a different request body; send a new \(field) for a new request")])
    }

    /// A batch must hold 1 to `batchLimit` records.
    public func checkBatchSize(_ count: Int) throws(LedgerError) {
        guard count > 0 else { throw .validation([FieldIssue(field: "events", message: "must not be empty")]) }
        guard count <= batchLimit else {
            throw .validation([FieldIssue(field: "events", message: "at most \(batchLimit) records per batch")])
        }
    }
}
