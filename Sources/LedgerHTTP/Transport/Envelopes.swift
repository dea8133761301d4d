import Foundation
public import HTTPTypes
public import Hummingbird
import LedgerCore
public import OpenAPIKit

/// One page of a list read by cursor: `data` and `next_cursor`.
public struct ListResponse<Item: APISchema>: APISchema, APIOutput {
    var data: [Item]
    var nextCursor: String?

    init<Model>(_ page: Page<Model>, _ item: (Model) -> Item) {
        data = page.items.map(item)
        nextCursor = page.nextCursor
    }

    private init(data: [Item], nextCursor: String?) {
        self.data = data
        self.nextCursor = nextCursor
    }

    public static var schemaName: String { "\(Item.schemaName)List" }
    public static var schema: JSONSchema { Schemas.list(of: Item.schema) }
    public static var samples: [Self] { [Self(data: Item.samples, nextCursor: nil)] }
}

/// One page of a list read by cursor or by number: a numbered page also has `pagination`.
public struct PagedListResponse<Item: APISchema>: APISchema, APIOutput {
    var data: [Item]
    var nextCursor: String?
    var pagination: PaginationBody?

    init<Model>(_ page: Page<Model>, _ item: (Model) -> Item) {
        self.init(data: page.items.map(item), nextCursor: page.nextCursor, pagination: nil)
    }

    init<Model>(_ page: NumberedPage<Model>, _ item: (Model) -> Item) {
        self.init(data: page.items.map(item), nextCursor: nil, pagination: PaginationBody(page))
    }

    private init(data: [Item], nextCursor: String?, pagination: PaginationBody?) {
        self.data = data
        self.nextCursor = nextCursor
        self.pagination = pagination
    }

    public static var schemaName: String { "\(Item.schemaName)Page" }
    public static var schema: JSONSchema { Schemas.pagedList(of: Item.schema) }
    public static var samples: [Self] { [Self(data: Item.samples, nextCursor: nil, pagination: nil)] }
}

/// A resource as written, or its short form when the request says `Prefer: return=minimal`
/// (RFC 7240), which the answer confirms with `Preference-Applied`; either with headers of its
/// own, such as `Idempotent-Replayed`.
public struct PreferredReturn<Full: APISchema & APIOutput, Minimal: APISchema & APIOutput>: APIOutput {
    enum Body {
        case full(Full)
        case minimal(Minimal)
    }

    var body: Body
    var headers: HTTPFields

    /// The form `prefer` (the request's `Prefer` header) asks for, made from `model`.
    init<Model>(
        _ model: Model, prefer: String?, full: (Model) -> Full, minimal: (Model) -> Minimal, headers: HTTPFields = [:]
    ) {
        self.headers = headers
        if Self.asksForMinimal(prefer) {
            body = .minimal(minimal(model))
            self.headers[.preferenceApplied] = "return=minimal"
        } else {
            body = .full(full(model))
        }
    }

    /// Preferences are comma-separated; unknown ones are ignored, as RFC 7240 asks.
    static func asksForMinimal(_ prefer: String?) -> Bool {
        guard let prefer else { return false }
        return prefer.split(separator: ",").contains { preference in
            preference.split(separator: ";").first?.trimmingHeaderWhitespace().lowercased() == "return=minimal"
        }
    }

    /// How an endpoint declares the header it reads.
    public static var parameter: EndpointParameter {
        .header(
            "Prefer", "`return=minimal` answers the short form (`\(Minimal.schemaName)`) instead of the whole resource",
            schema: .string(required: false))
    }

    public static var contentType: String { "application/json" }
    public static var responseSchemas: [any APISchema.Type] { [Full.self, Minimal.self] }
    public static var rawSchema: JSONSchema { .any(of: [Full.schema, Minimal.schema]) }

    public func response(status: HTTPResponse.Status, coding: JSONCoding) throws -> Response {
        var response = switch body {
        case .full(let full): try full.response(status: status, coding: coding)
        case .minimal(let minimal): try minimal.response(status: status, coding: coding)
        }
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let prefer = Self("Prefer")!
    static let preferenceApplied = Self("Preference-Applied")!
}
