public import Foundation
public import LedgerCore

/// How webhooks are delivered: where to, how long a receiver may take, when to retry.
public struct WebhookSettings: Sendable {
    public var destinations = WebhookDestinationPolicy()
    /// How long one attempt may take, connection included.
    public var timeout: Duration = .seconds(10)
    /// How often workers look for due deliveries when no event woke them.
    public var pollInterval: Duration = .seconds(1)
    /// Deliveries one worker sends at once.
    public var concurrentDeliveries = 16
    public var retries = WebhookRetryPolicy()
    /// How long the previous secret still signs after a rotation.
    public var rotationOverlap: TimeInterval = 86_400

    public init() {}

    /// How long a claimed delivery stays with its worker: the attempt's time and a margin. A
    /// worker gone for longer (killed) leaves it to any replica.
    var lease: Duration { timeout * 2 + .seconds(5) }
}
