public import HTTPTypes
public import LedgerCore
public import OpenAPIKit

/// One endpoint, declared once: the same value registers the route and writes its OpenAPI
/// operation. `Input` is the body, `Query` the query string, `Output` the answer.
public struct Endpoint<Input: APIInput, Query: APIQuery, Output: APIOutput>: Sendable {
    public let method: HTTPRequest.Method
    /// OpenAPI-style template: `/api/v1/users/{id}`.
    public let path: String
    public let operationID: String
    public let tag: String
    public let summary: String
    public let description: String?
    public let access: EndpointAccess
    /// The path parameters; the query's come from `Query`.
    /// Path and header parameters (query parameters come from `Query`).
    public let parameters: [EndpointParameter]
    public let success: HTTPResponse.Status
    public let errors: [EndpointError]
    /// Bulk endpoints (batch ingest) take bodies up to the bulk limit instead of the standard one.
    public let isBulk: Bool
    public let errorFormat: ErrorFormat
    /// The category whose per-caller rate the endpoint also spends (docs/LIMITS.md).
    public let rateCategory: RateCategory?

    public init(
        _ method: HTTPRequest.Method, _ path: String, operationID: String, tag: String, summary: String,
        description: String? = nil, access: EndpointAccess, parameters: [EndpointParameter] = [],
        success: HTTPResponse.Status = .ok, errors: [EndpointError] = [], isBulk: Bool = false,
        errorFormat: ErrorFormat = .standard, rateCategory: RateCategory? = nil
    ) {
        self.rateCategory = rateCategory
        self.isBulk = isBulk
        self.errorFormat = errorFormat
        self.method = method
        self.path = path
        self.operationID = operationID
        self.tag = tag
        self.summary = summary
        self.description = description
        self.access = access
        self.parameters = parameters
        self.success = success
        self.errors = errors
    }
}

/// Who may call an endpoint.
public enum EndpointAccess: Sendable, Equatable {
    case anyone
    /// Any verified caller (the `/auth/me` kind of endpoint).
    case authenticated
    case permission(Permission)
    /// A platform operator, for cross-tenant administration.
    case platformOperator

    /// The line the OpenAPI operation shows.
    var requirement: String? {
        switch self {
        case .anyone: nil
        case .authenticated: "authenticated"
        case .permission(let permission): permission.description
        case .platformOperator: "platform:operator"
        }
    }
}

public struct EndpointParameter: Sendable {
    public enum Location: Sendable { case path, query, header }

    public let name: String
    public let location: Location
    public let required: Bool
    public let schema: JSONSchema
    public let description: String

    public static func path(_ name: String, _ description: String, schema: JSONSchema = .string(format: .uuid))
        -> Self
    {
        Self(name: name, location: .path, required: true, schema: schema, description: description)
    }

    public static func query(_ name: String, _ description: String, schema: JSONSchema, required: Bool = false)
        -> Self
    {
        Self(name: name, location: .query, required: required, schema: schema, description: description)
    }

    /// An optional request header the endpoint reads (its name is case-insensitive on the wire).
    public static func header(_ name: String, _ description: String, schema: JSONSchema = .string) -> Self {
        Self(name: name, location: .header, required: false, schema: schema, description: description)
    }
}

/// An error an endpoint can answer with, documented in its operation.
public enum EndpointError: Sendable, CaseIterable {
    case badRequest, unauthorized, forbidden, notFound, conflict, payloadTooLarge, unsupportedMediaType
    case validation, rateLimited, unavailable, limitReached

    public var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .validation: .unprocessableContent
        case .rateLimited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .limitReached: .paymentRequired
        }
    }

    var summary: String {
        switch self {
        case .badRequest: "Malformed request (bad JSON, bad parameter)"
        case .unauthorized: "Missing or invalid credentials"
        case .forbidden: "The caller lacks the required permission"
        case .notFound: "No such object in the caller's organization"
        case .conflict: "Conflicts with existing state"
        case .payloadTooLarge: "Request body over the configured limit"
        case .unsupportedMediaType: "Body is not application/json"
        case .validation: "A field has the wrong type or breaks a rule"
        case .rateLimited: "Too many requests (RATE_LIMIT_EXCEEDED); see Retry-After"
        case .unavailable: "A dependency is unavailable; retry later"
        case .limitReached: "A budget or the monthly event quota refuses it (BUDGET_EXCEEDED, USAGE_LIMIT_EXCEEDED)"
        }
    }
}

extension HTTPResponse.Status {
    /// 402, which swift-http-types does not name.
    static let paymentRequired = HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required")
}
