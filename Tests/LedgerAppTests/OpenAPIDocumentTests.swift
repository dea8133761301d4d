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

    /// A sample's keys are what the encoder writes: a key the schema does not declare is a
    /// field the wire spells differently from the contract (as `budget_i_ds` once was).
    @Test func everyExampleUsesOnlyDeclaredProperties() async throws {
        let document = try JSONSerialization.jsonObject(
            with: try await ApplicationBuilder.document(config: AppConfig(), logger: .quiet)) as? [String: Any]
        let schemas = try #require((document?["components"] as? [String: Any])?["schemas"] as? [String: Any])
        func check(_ value: Any, against schema: [String: Any], at path: String) {
            let alternatives = (schema["anyOf"] as? [[String: Any]]) ?? (schema["oneOf"] as? [[String: Any]])
            if let alternatives {
                // Checked against the alternative that declares its keys, when it is an object.
                if let object = value as? [String: Any],
                    let match = alternatives.first(where: { Set(object.keys).isSubset(of: Set(($0["properties"] as? [String: Any])?.keys ?? [:].keys)) })
                {
                    check(value, against: match, at: path)
                } else if value is [String: Any] {
                    Issue.record("\(path): no alternative declares the keys \((value as! [String: Any]).keys.sorted())")
                }
                return
            }
            if let object = value as? [String: Any], let properties = schema["properties"] as? [String: Any] {
                for (key, inner) in object {
                    guard let property = properties[key] as? [String: Any] else {
                        Issue.record("\(path).\(key) is not declared")
                        continue
                    }
                    check(inner, against: property, at: "\(path).\(key)")
                }
            } else if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { check(item, against: items, at: "\(path)[\(index)]") }
            }
        }
        for (name, schema) in schemas {
            guard let schema = schema as? [String: Any], let examples = schema["examples"] as? [Any] else { continue }
            for (index, example) in examples.enumerated() { check(example, against: schema, at: "\(name).examples[\(index)]") }
        }
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
