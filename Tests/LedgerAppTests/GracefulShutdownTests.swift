import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LedgerApp
import LedgerHTTP
import LedgerTestSupport
import NIOCore
import OpenAPIKit
import ServiceLifecycle
import Synchronization
import Testing

struct Slow: APISchema, APIOutput {
    var finished: Bool
    static var schema: JSONSchema { .object(properties: ["finished": .boolean]) }
    static let samples = [Slow(finished: true)]
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == Slow {
    static let slow = Endpoint(.get, "/slow", operationID: "slow", tag: "Test", summary: "Slow", access: .anyone)
}

/// The production shutdown path (`Server.serviceGroup`) around a live server with one slow route.
@Suite struct GracefulShutdownTests {
    func withLiveServer(
        requestTakes duration: Duration, grace: Duration,
        _ body: @Sendable (ServiceGroup, Int) async throws -> Void
    ) async throws {
        var api = APIRegistry(maxBodyBytes: 1024)
        api.publicRoute(.slow) { _, _ in
            try await Task.sleep(for: duration)
            return Slow(finished: true)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: try api.makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: .quiet)
        var config = TestApp.config()
        config.http.shutdownTimeout = grace
        let group = Server.serviceGroup(running: app, config: config, logger: .quiet, signals: [])
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(group, port)
            try await tasks.waitForAll()
        }
    }

    @Test func anInFlightRequestFinishesAndNewConnectionsAreRefused() async throws {
        try await withLiveServer(requestTakes: .milliseconds(800), grace: .seconds(10)) { group, port async throws in
            let client = TestClient(host: "127.0.0.1", port: port)
            client.connect()
            async let response = client.get("/slow")
            try await Task.sleep(for: .milliseconds(300))
            await group.triggerGracefulShutdown()
            let finished = try await response
            #expect(finished.status == .ok)
            #expect(String(buffer: finished.body ?? ByteBuffer()) == #"{"finished":true}"#)
            try await client.shutdown()
            try await Task.sleep(for: .milliseconds(100))
            let late = TestClient(host: "127.0.0.1", port: port)
            late.connect()
            await #expect(throws: (any Error).self) { _ = try await late.get("/slow") }
            try? await late.shutdown()
        }
    }

    @Test func aRequestLongerThanTheGraceIsCutOff() async throws {
        // From the shutdown signal to the server's end: startup time on a busy machine is not
        // what is measured, nor how long the test client takes to notice its connection closed.
        let start = Mutex(ContinuousClock.now)
        let client = Mutex<(TestClient, Task<TestClient.Response, any Error>)?>(nil)
        try await withLiveServer(requestTakes: .seconds(30), grace: .milliseconds(500)) { group, port async throws in
            let connection = TestClient(host: "127.0.0.1", port: port)
            connection.connect()
            let response = Task { try await connection.get("/slow") }
            client.withLock { $0 = (connection, response) }
            try await Task.sleep(for: .milliseconds(200))
            start.withLock { $0 = .now }
            await group.triggerGracefulShutdown()
        }
        #expect(ContinuousClock.now - start.withLock { $0 } < .seconds(10))
        let (connection, response) = try #require(client.withLock { $0 })
        await #expect(throws: (any Error).self) { _ = try await response.value }
        try? await connection.shutdown()
    }
}
