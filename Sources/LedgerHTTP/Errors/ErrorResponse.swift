public import LedgerCore
public import OpenAPIKit

/// The one error shape: `{"error": {"code", "message", "details", "request_id"}}`.
public struct ErrorResponse: Codable, Sendable, APISchema {
    public struct Body: Codable, Sendable {
        public var code: String
        public var message: String
        public var details: [String: JSONValue]?
        public var requestID: String

    }

    public var error: Body

    public static var schema: JSONSchema {
        .object(
            properties: [
                "error": .object(
                    properties: [
                        "code": .string(description: "Stable machine-readable code, e.g. INVALID_DATE_RANGE"),
                        "message": .string(description: "What went wrong, for a person"),
                        "details": .object(required: false, description: "Structured specifics, e.g. the fields that failed"),
                        "request_id": .string(description: "The request's X-Request-ID"),
                    ])
            ])
    }

    public static let samples = [
        ErrorResponse(error: .init(
            code: "VALIDATION_FAILED", message: "Invalid field 'name': must not be empty",
            details: ["fields": .array([.object(["field": .string("name"), "message": .string("must not be empty")])])],
            requestID: "5f0c6a52-3c1e-4a57-9d0e-2f3b8b1c9a10")),
        ErrorResponse(error: .init(code: "ROUTE_NOT_FOUND", message: "No route for GET /nope", details: nil, requestID: "r-1")),
    ]
}
