import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LedgerCore
import LedgerHTTP
import LedgerTestSupport
import NIOCore
import OpenAPIKit
import Testing

/// A body with a nested field, to see where decoding problems are reported.
struct Echo: APISchema, APIInput, APIOutput, Equatable {
    struct Options: Codable, Equatable { var loud: Bool }
    var name: String
    var count: Int
    var options: Options

    static var schema: JSONSchema {
        .object(properties: [
            "name": .string, "count": .integer, "options": .object(properties: ["loud": .boolean]),
        ])
    }
    static let samples = [Echo(name: "a", count: 1, options: .init(loud: false))]
}

struct InternalFailure: Error { let secret = "password=hunter2" }

extension Endpoint where Input == Echo, Query == NoQuery, Output == Echo {
    static let echo = Endpoint(
        .post, "/echo/{id}", operationID: "echo", tag: "Test", summary: "Echo", access: .anyone,
        parameters: [.path("id", "any id")])
}

@Suite struct TransportErrorTests {
    func withClient(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void) async throws {
        var api = APIRegistry(maxBodyBytes: 2048)
        api.publicRoute(.echo) { request, _ in
            switch request.input.name {
            case "boom": throw InternalFailure()
            case "slow down": throw LedgerError.rateLimited(retryAfterSeconds: 7)
            default: return request.input
            }
        }
        let app = Application(router: try api.makeRouter())
        try await app.test(.router, body)
    }

    func post(_ client: any TestClientProtocol, _ body: String, headers: HTTPFields = [.contentType: "application/json"])
        async throws -> TestResponse
    {
        try await client.execute(uri: "/echo/1", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func aValidBodyRoundTrips() async throws {
        try await withClient { client async throws in
            let response = try await post(client, #"{"name":"x","count":2,"options":{"loud":true}}"#)
            #expect(response.status == .ok)
            #expect(try JSONDecoder().decode(Echo.self, from: Data(response.body.readableBytesView)) == Echo(name: "x", count: 2, options: .init(loud: true)))
        }
    }

    @Test func unknownRouteIs404InTheErrorShape() async throws {
        try await withClient { client async throws in
            let response = try await client.execute(uri: "/nowhere", method: .get)
            #expect(response.status == .notFound)
            let error = try #require(try response.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "ROUTE_NOT_FOUND")
            #expect(error["request_id"] as? String == response.headers[HTTPField.Name("X-Request-ID")!])
            #expect((error["message"] as? String)?.isEmpty == false)
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await withClient { client async throws in
            let response = try await client.execute(uri: "/echo/1", method: .delete)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "POST")
            #expect(try response.errorCode() == "METHOD_NOT_ALLOWED")
        }
    }

    @Test func malformedJSONIs400WithThePosition() async throws {
        try await withClient { client async throws in
            let response = try await post(client, "{\n  \"name\": \"x\",\n  oops\n}")
            #expect(response.status == .badRequest)
            let error = try #require(try response.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "MALFORMED_JSON")
            let details = try #require(error["details"] as? [String: Any])
            #expect(details["line"] as? Int == 3)
            #expect(details["column"] as? Int == 3)
        }
    }

    @Test func wrongFieldTypeIs422NamingTheField() async throws {
        try await withClient { client async throws in
            let response = try await post(client, #"{"name":"x","count":2,"options":{"loud":"very"}}"#)
            #expect(response.status == .unprocessableContent)
            let error = try #require(try response.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "VALIDATION_FAILED")
            let fields = try #require((error["details"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(fields.first?["field"] as? String == "options.loud")
            #expect(fields.first?["message"] as? String == "must be a boolean")
        }
    }

    @Test func missingFieldIs422NamingTheField() async throws {
        try await withClient { client async throws in
            let response = try await post(client, #"{"name":"x","options":{"loud":true}}"#)
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains(#""field":"count""#))
        }
    }

    @Test func emptyOrNonJSONBodiesAreRejected() async throws {
        try await withClient { client async throws in
            #expect(try await post(client, "").status == .badRequest)
            let text = try await post(client, "name=x", headers: [.contentType: "text/plain"])
            #expect(text.status == .unsupportedMediaType)
            #expect(try text.errorCode() == "UNSUPPORTED_MEDIA_TYPE")
            let spelledInCapitals = try await post(
                client, #"{"name":"x","count":1,"options":{"loud":true}}"#, headers: [.contentType: "Application/JSON; charset=UTF-8"])
            #expect(spelledInCapitals.status != .unsupportedMediaType)
            #expect(try await post(client, "x", headers: [.contentType: "text/jso"]).status == .unsupportedMediaType)
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withClient { client async throws in
            let big = #"{"name":""# + String(repeating: "x", count: 4096) + #"","count":1,"options":{"loud":true}}"#
            let response = try await post(client, big)
            #expect(response.status == .contentTooLarge)
            #expect(try response.errorCode() == "PAYLOAD_TOO_LARGE")
        }
    }

    @Test func unexpectedErrorsAre500WithoutInternalText() async throws {
        try await withClient { client async throws in
            let response = try await post(client, #"{"name":"boom","count":1,"options":{"loud":true}}"#)
            #expect(response.status == .internalServerError)
            #expect(try response.errorCode() == "INTERNAL_ERROR")
            #expect(!String(buffer: response.body).contains("hunter2"))
        }
    }

    @Test func domainErrorsKeepTheirStatusAndHeaders() async throws {
        try await withClient { client async throws in
            let response = try await post(client, #"{"name":"slow down","count":1,"options":{"loud":true}}"#)
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "7")
        }
    }

    @Test func gzipBodiesAreAcceptedWithTheLimitOnTheirDecompressedSize() async throws {
        try await withClient { client in
            var plain = ByteBuffer(string: #"{"name":"zipped","count":3,"options":{"loud":false}}"#)
            let zipped = try plain.compress(with: .gzip())
            let ok = try await client.execute(
                uri: "/echo/1", method: .post, headers: [.contentType: "application/json", .contentEncoding: "gzip"], body: zipped)
            #expect(ok.status == .ok)
            #expect(String(buffer: ok.body).contains("zipped"))

            var bomb = ByteBuffer(string: #"{"name":""# + String(repeating: "a", count: 100_000) + #"","count":1,"options":{"loud":true}}"#)
            let smallBomb = try bomb.compress(with: .gzip())
            #expect(smallBomb.readableBytes < 2048)
            let tooBig = try await client.execute(
                uri: "/echo/1", method: .post, headers: [.contentType: "application/json", .contentEncoding: "gzip"], body: smallBomb)
            #expect(tooBig.status == .contentTooLarge)

            let corrupt = try await client.execute(
                uri: "/echo/1", method: .post, headers: [.contentType: "application/json", .contentEncoding: "gzip"],
                body: ByteBuffer(string: "not gzip at all"))
            #expect(try corrupt.errorCode() == "INVALID_ENCODING")
            let brotli = try await client.execute(
                uri: "/echo/1", method: .post, headers: [.contentType: "application/json", .contentEncoding: "br"],
                body: ByteBuffer(string: "{}"))
            #expect(brotli.status == .unsupportedMediaType)
        }
    }

    @Test func requestIDIsAcceptedEchoedOrGenerated() async throws {
        try await withClient { client async throws in
            let requestID = HTTPField.Name("X-Request-ID")!
            let given = try await client.execute(uri: "/nowhere", method: .get, headers: [requestID: "trace-123.abc"])
            #expect(given.headers[requestID] == "trace-123.abc")
            let hostile = try await client.execute(uri: "/nowhere", method: .get, headers: [requestID: "bad id\u{7f}"])
            #expect(hostile.headers[requestID] != "bad id\u{7f}")
            #expect(UUID(uuidString: hostile.headers[requestID] ?? "") != nil)
        }
    }
}
