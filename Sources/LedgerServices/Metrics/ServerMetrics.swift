import Foundation
public import LedgerCore
import Prometheus
import Synchronization

/// What `GET /metrics` shows, in the Prometheus text format. Every family is made on the
/// registry with its help text (promtool refuses a family without one). Label values are
/// bounded: routes are templates, statuses classes, providers and models the first
/// `labelCapacity` pairs seen (later ones count as `other`), and organizations appear only
/// when allow-listed (`TOKENLEDGER_METRICS_ORGS`).
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let organizations: Set<OrgID>
    let labelCapacity: Int
    private let models = Mutex<Set<[String]>>([])
    private let inFlight: Gauge
    private let commitSizes: ValueHistogram
    /// Each route's counter and histogram, found without the registry's name and label checks.
    private let requests = Mutex<[[String]: (count: Counter, duration: DurationHistogram)]>([:])
    /// Each provider/model (and org) label set's three ingest counters, likewise.
    private let ingest = Mutex<[[String]: (events: Counter, tokens: Counter, nanos: Counter)]>([:])
    /// Read just before each scrape: gauges of state kept elsewhere (queue depth, pools).
    private let samplers = Mutex<[@Sendable () async -> Void]>([])
    private let lastSuccess = Mutex<[String: ContinuousClock.Instant]>([:])

    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init(version: String, organizations: Set<OrgID> = [], labelCapacity: Int = 200) {
        self.organizations = organizations
        self.labelCapacity = labelCapacity
        inFlight = registry.makeGauge(descriptor: Self.name("http_requests_in_flight", "", "HTTP requests being served"))
        commitSizes = registry.makeValueHistogram(
            descriptor: Self.name("ingest_commit_batch", "size", "Single-event ingests written by one shared commit"),
            buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256])
        registry.makeGauge(descriptor: Self.name("build", "info", "The running build (always 1)"), labels: [("version", version)])
            .set(to: 1)
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "tokenledger", metricName: metric, unitName: unit, helpText: help)
    }

    private func counter(_ metric: String, _ help: String, _ labels: [(String, String)] = []) -> Counter {
        let name = Self.name(metric, "total", help)
        return labels.isEmpty ? registry.makeCounter(descriptor: name) : registry.makeCounter(descriptor: name, labels: labels)
    }

    private func histogram(_ metric: String, _ help: String, _ labels: [(String, String)]) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: Self.name(metric, "seconds", help), labels: labels, buckets: Self.durationBuckets)
    }

    // MARK: HTTP

    public func requestStarted() {
        inFlight.increment()
    }

    /// One answered request; `route` is its template (`/api/v1/budgets/{id}`), or `unmatched`.
    public func requestFinished(route: String, method: String, status: Int, duration: Duration) {
        inFlight.decrement()
        let key = [method, route, "\(status / 100)xx"]
        let family = requests.withLock { families in
            if let known = families[key] { return known }
            let labels = [("method", key[0]), ("route", key[1]), ("status", key[2])]
            let made = (
                counter("http_requests", "HTTP requests answered", labels),
                histogram("http_request_duration", "Time from the request's head to its answer", labels))
            families[labels.map(\.1)] = made
            return made
        }
        family.count.increment()
        family.duration.record(duration)
    }

    public func rateLimited(policy: String) {
        counter("rate_limit_rejections", "Requests refused with 429 by a rate limit (organization or caller)", [("policy", policy)])
            .increment()
    }

    public func quotaRefused() {
        counter("quota_rejections", "Ingests refused with 402 by the monthly event quota").increment()
    }

    // MARK: Ingest

    /// Events stored: counts, tokens and cost (exact nano-USD) by provider and model. Summed per
    /// label set first, so a batch costs one lookup of its counters per provider and model.
    public func recorded(_ events: [UsageEvent]) {
        var sums: [[String]: (events: Int64, tokens: Int64, nanos: Int64)] = [:]
        for event in events {
            let org = organizations.isEmpty ? nil : (organizations.contains(event.orgID) ? event.orgID.description : "other")
            let key = [event.record.provider, event.record.model] + [org].compactMap { $0 }
            var sum = sums[key, default: (0, 0, 0)]
            // One record's amounts are bounded (UsageLimits); a sum that would pass 64 bits is
            // counted so far and started again.
            Self.add(event.record.buckets.totalTokens, to: &sum.tokens) { count(key, events: 0, tokens: $0, nanos: 0) }
            Self.add(event.cost?.total ?? 0, to: &sum.nanos) { count(key, events: 0, tokens: 0, nanos: $0) }
            sum.events += 1
            sums[key] = sum
        }
        for (key, sum) in sums { count(key, events: sum.events, tokens: sum.tokens, nanos: sum.nanos) }
    }

    private static func add(_ amount: Int64, to total: inout Int64, flushing flush: (Int64) -> Void) {
        let (added, overflow) = total.addingReportingOverflow(amount)
        if overflow {
            flush(total)
            total = amount
        } else {
            total = added
        }
    }

    private func count(_ key: [String], events: Int64, tokens: Int64, nanos: Int64) {
        // Cached by the labels, not the pair sent: past the label capacity every new model
        // would otherwise add an entry for good.
        let labels = ingestLabels(provider: key[0], model: key[1], org: key.count > 2 ? key[2] : nil)
        let counters = ingest.withLock { families in
            if let known = families[labels.map(\.1)] { return known }
            let made = (
                counter("usage_events", "Usage events stored", labels),
                counter("usage_tokens", "Tokens of the usage events stored", labels),
                registry.makeCounter(
                    descriptor: Self.name("usage_cost", "nanousd_total", "Computed cost of the usage events stored, in nano-USD"),
                    labels: labels))
            families[labels.map(\.1)] = made
            return made
        }
        counters.events.increment(by: events)
        counters.tokens.increment(by: tokens)
        counters.nanos.increment(by: nanos)
    }

    /// One shared commit of single-event ingests for one organization.
    public func committedBatch(size: Int) {
        commitSizes.record(Double(size))
    }

    /// The first `labelCapacity` provider/model pairs are labelled as they are; later ones as `other`.
    private func ingestLabels(provider: String, model: String, org: String?) -> [(String, String)] {
        let pair = [provider, model]
        let known = models.withLock { models in
            if models.contains(pair) { return true }
            guard models.count < labelCapacity else { return false }
            models.insert(pair)
            return true
        }
        var labels = known ? [("provider", provider), ("model", model)] : [("provider", "other"), ("model", "other")]
        if let org { labels.append(("org", org)) }
        return labels
    }

    // MARK: Background work

    public func jobRan(_ job: String, failed: Bool, duration: Duration) {
        let labels = [("job", job)]
        counter("job_runs", "Rounds of background jobs", labels).increment()
        if !failed { lastSuccess.withLock { $0[job] = .now } }
        if failed { counter("job_failures", "Rounds of background jobs that failed", labels).increment() }
        histogram("job_duration", "How long a background job's round took", labels).record(duration)
    }

    public func webhookAttempt(outcome: String) {
        counter("webhook_attempts", "Webhook delivery attempts by outcome (delivered, retrying, exhausted, gone)", [("outcome", outcome)])
            .increment()
    }

    /// Time since `job` last finished a round without failing; nil before its first.
    public func sinceLastSuccess(of job: String) -> Duration? {
        lastSuccess.withLock { $0[job] }.map { .now - $0 }
    }

    /// Sets the gauge `tokenledger_<name>`, for samplers.
    public func gauge(_ name: String, _ value: Double, labels: [(String, String)] = [], help: String) {
        let descriptor = Self.name(name, "", help)
        let gauge = labels.isEmpty ? registry.makeGauge(descriptor: descriptor) : registry.makeGauge(descriptor: descriptor, labels: labels)
        gauge.set(to: value)
    }

    /// Runs `sample` before each scrape.
    public func sampleBeforeScrape(_ sample: @escaping @Sendable () async -> Void) {
        samplers.withLock { $0.append(sample) }
    }

    /// The text exposition format.
    public func exposition() async -> [UInt8] {
        for sample in samplers.withLock({ $0 }) { await sample() }
        return registry.emitToBuffer()
    }
}
