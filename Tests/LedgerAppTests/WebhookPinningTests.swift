import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
@testable import LedgerServices
import NIOHTTP1
import Testing

@Suite struct WebhookPinningTests {
    @Test func anAttemptConnectsToTheAddressItsCheckResolvedNotToASecondLookup() async throws {
        let router = Router()
        router.post("/hook") { _, _ in "ok" }
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { client in
            let port = try #require(client.port)
            let clients = PinnedHTTPClients(configuration: HTTPClient.Configuration())
            // `.invalid` never resolves (RFC 6761): only the pin can lead anywhere.
            var request = HTTPClientRequest(url: "http://rebinding.invalid:\(port)/hook")
            request.method = .POST
            let pinned = await clients.withClient(pinning: ("rebinding.invalid", "127.0.0.1")) { client in
                try? await client.execute(request, timeout: .seconds(5)).status.code
            }
            #expect(pinned == 200)
            let unpinned = await clients.withClient(pinning: nil) { client in
                try? await client.execute(request, timeout: .seconds(5)).status.code
            }
            #expect(unpinned == nil)
            await clients.shutdown()
        }
    }

    @Test func aResolvedHostIsPinnedAndLiteralsAndAllowedHostsAreNot() async {
        let policy = WebhookDestinationPolicy(allowPlainHTTP: true, allowedHosts: ["receiver.internal"])
        #expect(await policy.verdict(on: "http://receiver.internal/hook") == .allowed(pinning: nil))
        #expect(await policy.verdict(on: "http://93.184.216.34/hook") == .allowed(pinning: nil))
        #expect(await policy.verdict(on: "http://localhost/hook") == .refused("its host 'localhost' resolves to a loopback address"))
        #expect(WebhookDestinationPolicy.text(of: [93, 184, 216, 34]) == "93.184.216.34")
        #expect(WebhookDestinationPolicy.text(of: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]) == "2001:db8::1")
    }
}
