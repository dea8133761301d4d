import AsyncHTTPClient
import Synchronization

/// HTTP clients that reach a host at the address its destination check resolved (AHC's
/// `dnsOverride`, which keeps the host name for TLS), so no second lookup between check and
/// connection can lead elsewhere. One client per host and address, connections kept alive, up
/// to `capacity`; past it an attempt gets a client of its own, shut down after it.
final class PinnedHTTPClients: Sendable {
    let configuration: HTTPClient.Configuration
    /// For hosts that were not resolved: allow-listed ones and address literals.
    let unpinned: HTTPClient
    private let pinned = Mutex<[String: HTTPClient]>([:])
    let capacity: Int

    init(configuration: HTTPClient.Configuration, capacity: Int = 128) {
        self.configuration = configuration
        self.capacity = capacity
        unpinned = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func withClient<Result: Sendable>(
        pinning pin: (host: String, address: String)?, _ body: (HTTPClient) async -> Result
    ) async -> Result {
        guard let pin else { return await body(unpinned) }
        if let client = pinned.withLock({ clients in
            let key = "\(pin.host) \(pin.address)"
            if let known = clients[key] { return known }
            guard clients.count < capacity else { return nil }
            let made = make(pin)
            clients[key] = made
            return made
        }) {
            return await body(client)
        }
        let once = make(pin)
        let result = await body(once)
        try? await once.shutdown()
        return result
    }

    func shutdown() async {
        try? await unpinned.shutdown()
        for client in pinned.withLock({ Array($0.values) }) { try? await client.shutdown() }
    }

    private func make(_ pin: (host: String, address: String)) -> HTTPClient {
        var configuration = configuration
        configuration.dnsOverride = [pin.host: pin.address]
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
