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

/// A JSON body with headers of its own, such as `Idempotent-Replayed`.
public struct WithHeaders<Body: APISchema & APIOutput>: APIOutput {
    var body: Body
    var headers: HTTPFields

    public static var contentType: String { "application/json" }
    public static var responseSchema: (any APISchema.Type)? { Body.self }
    public static var rawSchema: JSONSchema { Body.schema }

    public func response(status: HTTPResponse.Status, coding: JSONCoding) throws -> Response {
        var response = try body.response(status: status, coding: coding)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension HTTPField.Name {
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
