import AsyncHTTPClient
import Foundation
import LedgerCore
public import LedgerStore
public import Logging
import PostgresNIO
public import ServiceLifecycle
import Tracing

/// Sends due webhook deliveries, on every replica: woken by each new event (LISTEN) and by a
/// poll for retries that came due. Rows are claimed with SKIP LOCKED and leased, so replicas
/// never send one attempt twice at once, and a delivery cut off by a crash is sent again
/// with the same `webhook-id` once its lease ends. At shutdown, attempts in flight are
/// abandoned to their leases.
public struct WebhookDeliveryWorker: Service {
    let database: Database
    let settings: WebhookSettings
    let logger: Logger
    var startGate: StartGate?
    let metrics: ServerMetrics?

    public init(
        database: Database, settings: WebhookSettings, logger: Logger, startingAfter startGate: StartGate? = nil,
        metrics: ServerMetrics? = nil
    ) {
        self.database = database
        self.settings = settings
        self.logger = logger
        self.startGate = startGate
        self.metrics = metrics
    }

    public func run() async throws {
        if let startGate {
            await cancelWhenGracefulShutdown { await startGate.wait() }
            if !startGate.isOpen { return }
        }
        // Left behind after 5 s of shutdown: a claim waiting on a database that is gone must
        // not keep the process from stopping (the leases hand its deliveries on).
        let finished = await leftBehindAtShutdown(after: .seconds(5)) { [self] in await deliverUntilShutdown() }
        if !finished { logger.notice("webhook delivery worker left unfinished at shutdown") }
    }

    private func deliverUntilShutdown() async {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(settings.timeout.nanoseconds), read: .nanoseconds(settings.timeout.nanoseconds)))
        configuration.decompression = .disabled
        let clients = PinnedHTTPClients(configuration: configuration)
        let sender = WebhookSender(clients: clients, settings: settings)
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await listen(waking: wake) }
                group.addTask {
                    while !Task.isCancelled {
                        wake.yield()
                        try? await Task.sleep(for: settings.pollInterval)
                    }
                }
                group.addTask {
                    for await _ in wakes { await sendDue(with: sender) }
                }
            }
        }
        await clients.shutdown()
    }

    private func listen(waking wake: AsyncStream<Void>.Continuation) async {
        while !Task.isCancelled {
            do {
                try await database.withConnection { connection in
                    try await connection.listen(on: WebhookDeliveryRepository.dueChannel) { notifications in
                        for try await _ in notifications { wake.yield() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("webhook listener lost its connection; retrying", metadata: ["error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Claims and sends until nothing is due.
    func sendDue(with sender: WebhookSender) async {
        while !Task.isCancelled {
            let claimed: [ClaimedWebhookDelivery]
            do {
                claimed = try await WebhookDispatchRepository(database).claimDue(
                    limit: settings.concurrentDeliveries, lease: settings.lease)
            } catch {
                logger.warning("webhook deliveries could not be claimed", metadata: ["error": "\(String(reflecting: error))"])
                return
            }
            await withDiscardingTaskGroup { group in
                for delivery in claimed { group.addTask { await send(delivery, with: sender) } }
            }
            if claimed.count < settings.concurrentDeliveries { return }
        }
    }

    /// One attempt, in the trace of the change that announced it: the attempt's span is a
    /// child of that change's, and the HTTP client's span under it sends its `traceparent`.
    private func send(_ claimed: ClaimedWebhookDelivery, with sender: WebhookSender) async {
        let outcome = await withSpan(
            "webhook.deliver", context: TraceContext.context(from: claimed.traceContext), ofKind: .producer
        ) { span in
            span.attributes["webhook.delivery_id"] = claimed.delivery.id.description
            span.attributes["webhook.attempt"] = claimed.attemptNumber
            let outcome = await sender.send(claimed)
            span.attributes["http.response.status_code"] = outcome.attempt.statusCode
            return outcome
        }
        if Task.isCancelled { return }
        let delivery = claimed.delivery
        let decision = settings.retries.decision(
            afterAttempt: delivery.attemptCount + 1, statusCode: outcome.attempt.statusCode, retryAfter: outcome.retryAfter,
            now: Date(), random: Double.random(in: 0..<1))
        metrics?.webhookAttempt(outcome: decision.outcome)
        do {
            try await database.transaction { transaction in
                try await WebhookDispatchRepository(transaction).record(outcome.attempt, of: delivery, decision: decision)
                switch decision {
                case .gone: try await disable(delivery, reason: "gone", on: transaction)
                case .exhausted: try await disable(delivery, reason: "failing", on: transaction)
                case .delivered, .retry: break
                }
            }
        } catch {
            logger.warning(
                "webhook attempt could not be recorded; it will be sent again",
                metadata: ["delivery": "\(delivery.id)", "error": "\(String(reflecting: error))"])
        }
    }

    /// The endpoint turned off, a `webhook.disabled` event for the organization's other
    /// endpoints and an audit entry, in the transaction that records the attempt.
    private func disable(_ delivery: WebhookDelivery, reason: String, on transaction: Transaction) async throws {
        guard try await WebhookEndpointRepository(transaction).disable(orgID: delivery.orgID, id: delivery.endpointID, reason: reason)
        else { return }
        try await WebhookOutbox.announce(
            .webhookDisabled, in: delivery.orgID, by: nil,
            data: ["webhook_id": .string(delivery.endpointID.description), "reason": .string(reason)], on: transaction)
        try await AuditLogRepository(transaction).append(AuditEvent(
            orgID: delivery.orgID, actorType: .system, actorID: nil, action: "webhook.disabled", targetType: "webhook",
            targetID: delivery.endpointID.description, origin: nil,
            details: ["reason": .string(reason), "delivery_id": .string(delivery.id.description)]))
        logger.notice("webhook endpoint disabled", metadata: ["webhook": "\(delivery.endpointID)", "reason": "\(reason)"])
    }
}
