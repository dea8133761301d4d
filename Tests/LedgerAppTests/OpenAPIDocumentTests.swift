import Foundation
import HummingbirdTesting
import NIOCore
import HTTPTypes
import LedgerApp
import LedgerTestSupport
import Logging
import Testing

@Suite struct OpenAPIDocumentTests {
    static let committedPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OpenAPI/openapi.json")

    @Test func committedDocumentMatchesTheCode() async throws {
        let generated = try await ApplicationBuilder.document(config: AppConfig(), logger: .quiet)
        let committed = try Data(contentsOf: Self.committedPath)
        #expect(
            committed == generated,
            "OpenAPI/openapi.json is stale: run `swift run tokenledger openapi > OpenAPI/openapi.json`")
    }

    @Test func everyOperationHasAUniqueIDATagAndAnErrorResponse() async throws {
        let document = try JSONSerialization.jsonObject(
            with: try await ApplicationBuilder.document(config: AppConfig(), logger: .quiet)) as? [String: Any]
        #expect(document?["openapi"] as? String == "3.1.1")
        let paths = try #require(document?["paths"] as? [String: [String: Any]])
        var operationIDs: [String] = []
        for (_, item) in paths {
            for (_, value) in item {
                let operation = try #require(value as? [String: Any])
                operationIDs.append(try #require(operation["operationId"] as? String))
                #expect((operation["tags"] as? [String])?.count == 1)
                #expect(operation["responses"] != nil)
            }
        }
        #expect(Set(operationIDs).count == operationIDs.count)
        #expect(operationIDs.contains("getHealth"))
        #expect(operationIDs.contains("getOpenAPIDocument"))
    }

    @Test func servedDocumentIsTheGeneratedOne() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let response = try await client.execute(uri: "/openapi.json", method: .get)
                #expect(response.status == .ok)
                let generated = try await ApplicationBuilder.document(config: AppConfig(), logger: .quiet)
                #expect(Data(response.body.readableBytesView) == generated)
            }
        }
    }
}
