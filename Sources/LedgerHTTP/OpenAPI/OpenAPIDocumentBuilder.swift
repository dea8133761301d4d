import Foundation
import HTTPTypes
import LedgerCore
import OpenAPIKit

/// Builds the OpenAPI 3.1 document from the registered endpoints.
struct OpenAPIDocumentBuilder {
    let records: [EndpointRecord]
    let coding: JSONCoding
    let version: String

    func document() throws -> OpenAPI.Document {
        var schemas: OrderedDictionary<OpenAPI.ComponentKey, JSONSchema> = [:]
        func reference(_ type: any APISchema.Type) throws -> JSONSchema {
            let key = try componentKey(type.schemaName)
            if schemas[key] == nil {
                schemas[key] = try type.schema.with(examples: try examples(of: type))
            }
            return .reference(.component(named: type.schemaName))
        }
        let errorSchema = try reference(ErrorResponse.self)

        var paths: OpenAPI.PathItem.Map = [:]
        for record in records {
            let path = OpenAPI.Path(rawValue: record.path)
            var item = paths[path]?.pathItemValue ?? OpenAPI.PathItem()
            let operation = try operation(for: record, reference: reference, errorSchema: errorSchema)
            item.set(operation: operation, for: try httpMethod(record.method))
            paths[path] = .pathItem(item)
        }
        let tags = Array(Set(records.map(\.tag))).sorted().map { OpenAPI.Tag(name: $0) }
        return OpenAPI.Document(
            openAPIVersion: .v3_1_1,
            info: .init(
                title: "TokenLedger API", description: Self.description, version: version),
            servers: [.init(url: URL(string: "/")!)],
            paths: paths,
            components: .init(schemas: schemas, securitySchemes: Self.securitySchemes),
            tags: tags)
    }

    /// The document as committed in `OpenAPI/openapi.json`: sorted keys, two-space indent.
    func json() throws -> Data {
        let encoder = coding.encoder(pretty: true, apiKeys: false)
        let document = try JSONSerialization.jsonObject(with: try encoder.encode(try document()))
        return try JSONSerialization.data(
            withJSONObject: Self.statingDecoderRules(document), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            + Data("\n".utf8)
    }

    /// Two things every schema in the document states the same way, wherever it is: a
    /// property it does not require may also be `null` (the decoder reads `null` as absent),
    /// and a free string holds no NUL character (PostgreSQL text cannot).
    static func statingDecoderRules(_ value: Any) -> Any {
        switch value {
        case let array as [Any]:
            return array.map(statingDecoderRules)
        case var object as [String: Any]:
            object = object.mapValues(statingDecoderRules)
            if object["type"] as? String == "string", object["pattern"] == nil, object["format"] == nil, object["enum"] == nil {
                object["pattern"] = "^[^\\u0000]*$"
            }
            if var properties = object["properties"] as? [String: Any] {
                let required = Set(object["required"] as? [String] ?? [])
                for (name, property) in properties where !required.contains(name) {
                    properties[name] = nullable(property)
                }
                object["properties"] = properties
            }
            return object
        default:
            return value
        }
    }

    private static func nullable(_ schema: Any) -> Any {
        guard var schema = schema as? [String: Any] else { return schema }
        switch schema["type"] {
        case let type as String:
            schema["type"] = [type, "null"]
            if let allowed = schema["enum"] as? [Any] { schema["enum"] = allowed + [NSNull()] }
            return schema
        case let types as [String]:
            if !types.contains("null") { schema["type"] = types + ["null"] }
            return schema
        default:
            return ["anyOf": [schema, ["type": "null"]]]
        }
    }

    private func operation(
        for record: EndpointRecord, reference: (any APISchema.Type) throws -> JSONSchema, errorSchema: JSONSchema
    ) throws -> OpenAPI.Operation {
        var responses: OpenAPI.Response.Map = [:]
        let successSchema: JSONSchema = switch record.responseSchemas.count {
        case 0: record.rawResponseSchema
        case 1: try reference(record.responseSchemas[0])
        default: .any(of: try record.responseSchemas.map(reference))
        }
        var content: OpenAPI.Content.Map = [:]
        if record.responseHasBody {
            content[try contentType(record.responseContentType)] = .b(OpenAPI.Content(schema: successSchema, encoding: nil))
            for other in record.otherResponseContentTypes {
                content[try contentType(other.type)] = .b(OpenAPI.Content(schema: other.schema, encoding: nil))
            }
        }
        responses[.status(code: Int(record.success.code))] = .response(description: record.success.reasonPhrase, content: content)
        // Every operation refuses a query parameter it does not declare (400).
        var errors = record.errors + [.badRequest]
        if record.requestSchema != nil {
            errors += [.payloadTooLarge, .unsupportedMediaType, .validation]
        }
        // Services check what the parameters name (the caller's own organization …).
        if record.parameters.contains(where: { $0.location == .query }) { errors.append(.validation) }
        if record.parameters.contains(where: { $0.location == .path }) { errors.append(.notFound) }
        // Operator routes do not exist for anyone else.
        if record.access == .platformOperator { errors.append(.notFound) }
        var description = record.description ?? record.summary
        var extensions: [String: AnyCodable] = [:]
        var headers: OpenAPI.Header.Map?
        if let requirement = record.access.requirement {
            description += "\n\nRequired permission: `\(requirement)`."
            extensions["x-required-permission"] = AnyCodable(requirement)
            errors += [.unauthorized, .forbidden, .rateLimited]
            headers = Self.rateLimitHeaders
        }
        if let category = record.rateCategory {
            description += "\n\nRate category: `\(category.rawValue)` (each caller's hourly rate for it applies too)."
            extensions["x-rate-category"] = AnyCodable(category.rawValue)
        }
        for error in EndpointError.allCases where errors.contains(error) {
            responses[.status(code: Int(error.status.code))] = .response(
                description: error.summary, headers: error == .unauthorized ? nil : headers,
                content: [.json: .b(OpenAPI.Content(schema: errorSchema, encoding: nil))])
        }
        if let headers, case .b(var success) = responses[.status(code: Int(record.success.code))] {
            success.headers = headers
            responses[.status(code: Int(record.success.code))] = .b(success)
        }

        let security: [OpenAPI.SecurityRequirement]? =
            record.access.requirement == nil ? [] : [[.component(named: "bearerAuth"): []], [.component(named: "apiKeyAuth"): []]]
        return OpenAPI.Operation(
            tags: [record.tag], summary: record.summary, description: description, operationId: record.operationID,
            parameters: record.parameters.map(parameter),
            requestBody: try record.requestSchema.map {
                OpenAPI.Request(content: [.json: .b(OpenAPI.Content(schema: try reference($0), encoding: nil))], required: true)
            },
            responses: responses,
            security: security,
            vendorExtensions: extensions)
    }

    private func parameter(_ parameter: EndpointParameter) -> Either<OpenAPI.Reference<OpenAPI.Parameter>, OpenAPI.Parameter> {
        switch parameter.location {
        case .path:
            .parameter(.path(name: parameter.name, schema: parameter.schema, description: parameter.description))
        case .query:
            .parameter(.query(
                name: parameter.name, required: parameter.required, schema: parameter.schema,
                description: parameter.description))
        case .header:
            .parameter(.header(
                name: parameter.name, required: parameter.required, schema: parameter.schema,
                description: parameter.description))
        }
    }

    private func examples(of type: any APISchema.Type) throws -> [AnyCodable] {
        try type.samples.map { sample in
            let data = try coding.encoder().encode(sample)
            return try JSONDecoder().decode(AnyCodable.self, from: data)
        }
    }

    private func componentKey(_ name: String) throws -> OpenAPI.ComponentKey {
        guard let key = OpenAPI.ComponentKey(rawValue: name) else { throw OpenAPIBuildError("bad component name \(name)") }
        return key
    }

    private func contentType(_ text: String) throws -> OpenAPI.ContentType {
        guard let type = OpenAPI.ContentType(rawValue: text) else { throw OpenAPIBuildError("bad content type \(text)") }
        return type
    }

    private func httpMethod(_ method: HTTPRequest.Method) throws -> OpenAPI.HttpMethod {
        guard let verb = OpenAPI.HttpMethod(rawValue: method.rawValue) else { throw OpenAPIBuildError("bad method \(method)") }
        return verb
    }

    /// What every answer to a caller says of its rate limit (`RateLimitMiddleware`).
    static let rateLimitHeaders: OpenAPI.Header.Map = [
        "X-RateLimit-Limit": .b(OpenAPI.Header(schema: .integer(minimum: (1, exclusive: false)), description: "Requests per window of the tightest limit (a minute; an hour for a rate category); the X-RateLimit fields are absent when no rate limits the caller (the unlimited plan)")),
        "X-RateLimit-Remaining": .b(OpenAPI.Header(schema: .integer(minimum: (0, exclusive: false)), description: "Requests left now")),
        "X-RateLimit-Reset": .b(OpenAPI.Header(schema: .integer, description: "Unix time (seconds) when the limit is full again")),
    ]

    static let securitySchemes: OpenAPI.ComponentReferenceDictionary<OpenAPI.SecurityScheme> = [
        "bearerAuth": .b(.http(scheme: "bearer", bearerFormat: "JWT", description: "Access token from /api/v1/auth/login; an API key is also accepted here")),
        "apiKeyAuth": .b(.apiKey(name: "X-API-Key", location: .header, description: "Integration key tl_<prefix>_<secret>")),
    ]

    static let description = """
        TokenLedger tracks and controls what organizations spend on LLM APIs. \
        Errors share one shape: {"error": {"code", "message", "details", "request_id"}}. \
        Every response carries X-Request-ID.
        """
}

struct OpenAPIBuildError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
