import AsyncHTTPClient
import Foundation
import LedgerCore
import LedgerStore
import NIOCore
import NIOHTTP1

/// One attempt at one delivery: the destination checked again, the payload signed with
/// every current secret and posted, the answer's start kept for the log.
struct WebhookSender: Sendable {
    let clients: PinnedHTTPClients
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
        let pin: (host: String, address: String)?
        switch await settings.destinations.verdict(on: claimed.url) {
        case .refused(let refusal): return outcome(status: nil, response: "not sent: the URL \(refusal)")
        case .allowed(let pinning): pin = pinning
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
        return await clients.withClient(pinning: pin) { client in
            await post(request, with: client, outcome: outcome)
        }
    }

    private func post(
        _ request: HTTPClientRequest, with client: HTTPClient,
        outcome: (_ status: Int?, _ response: String, _ retryAfter: TimeInterval?) -> Outcome
    ) async -> Outcome {
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
            return outcome(Int(response.status.code), String(buffer: kept), retryAfter)
        } catch {
            return outcome(nil, "no answer: \(error)", nil)
        }
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
