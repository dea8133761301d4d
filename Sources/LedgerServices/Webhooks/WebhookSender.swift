import AsyncHTTPClient
import Foundation
import LedgerCore
import LedgerStore
import NIOCore
import NIOHTTP1

/// One attempt at one delivery: the destination checked again, the payload signed with
/// every current secret and posted, the answer's start kept for the log.
struct WebhookSender: Sendable {
    let client: HTTPClient
    let settings: WebhookSettings

    struct Outcome: Sendable {
        var attempt: WebhookAttempt
        /// The receiver's `Retry-After`, in seconds.
        var retryAfter: TimeInterval?
    }

    func send(_ claimed: ClaimedWebhookDelivery) async -> Outcome {
        let started = Date()
        let clock = ContinuousClock.now
        func outcome(status: Int?, response: String, retryAfter: TimeInterval? = nil) -> Outcome {
            let elapsed = ContinuousClock.now - clock
            return Outcome(
                attempt: WebhookAttempt(
                    number: claimed.attemptNumber, attemptedAt: started, statusCode: status,
                    latencyMilliseconds: Int(elapsed.nanoseconds / 1_000_000),
                    response: String(response.prefix(WebhookAttempt.responseLimit))),
                retryAfter: retryAfter)
        }
        if let refusal = await settings.destinations.refusal(of: claimed.url) {
            return outcome(status: nil, response: "not sent: the URL \(refusal)")
        }
        let timestamp = Int(started.timeIntervalSince1970)
        let delivery = claimed.delivery
        var request = HTTPClientRequest(url: claimed.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "TokenLedger-Webhooks/1")
        request.headers.add(name: "webhook-id", value: delivery.messageID)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(
            name: "webhook-signature",
            value: WebhookSecret.signatureHeader(
                messageID: delivery.messageID, timestamp: timestamp, body: delivery.payload, secrets: claimed.secrets))
        request.body = .bytes(ByteBuffer(string: delivery.payload))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(settings.timeout.nanoseconds))
            var kept = ByteBuffer()
            for try await var chunk in response.body {
                let room = WebhookAttempt.responseLimit - kept.readableBytes
                if let part = chunk.readSlice(length: min(room, chunk.readableBytes)) { kept.writeImmutableBuffer(part) }
                if kept.readableBytes >= WebhookAttempt.responseLimit { break }
            }
            let retryAfter = response.headers.first(name: "Retry-After").flatMap {
                WebhookRetryPolicy.retryAfterSeconds($0, now: Date())
            }
            return outcome(status: Int(response.status.code), response: String(buffer: kept), retryAfter: retryAfter)
        } catch {
            return outcome(status: nil, response: "no answer: \(error)")
        }
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
