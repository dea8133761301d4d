import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import LedgerCore
import LedgerStore
import OpenAPIKit

/// What a handler receives: the decoded body and the raw request for parameters and headers.
public struct EndpointRequest<Input: APIInput>: Sendable {
    public let input: Input
    public let head: Request
    public let parameters: Parameters

    /// A path parameter that must be an id; one that is not a UUID names nothing, so 404.
    public func id<Entity>(_ name: String, of resource: String) throws -> Identifier<Entity> {
        guard let text = parameters.get(name), let id = Identifier<Entity>(text) else {
            throw LedgerError.notFound(resource: resource)
        }
        return id
    }
}

extension EndpointRequest {
    public func query(_ name: String) -> String? {
        head.uri.queryParameters.get(name)
    }

    /// A repeatable parameter, in either spelling: `model=a&model=b` or `model[]=a&model[]=b`.
    public func queryList(_ name: String) -> [String] {
        head.uri.queryParameters.getAll(name) + head.uri.queryParameters.getAll("\(name)[]")
    }

    public func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { head.headers[$0] }
    }

    /// `limit` (1-100, default 50) and `cursor` from the query.
    public func pageRequest(defaultLimit: Int = 50) throws -> PageRequest {
        try refuseMixedPagination()
        var limit = defaultLimit
        if let text = query("limit") {
            guard let value = Int(text), (1...100).contains(value) else {
                throw LedgerError.badRequest(
                    code: "INVALID_PAGE", message: "limit must be a whole number from 1 to 100",
                    details: ["limit": text])
            }
            limit = value
        }
        return PageRequest(limit: limit, after: try query("cursor").map { try PageCursor(decoding: $0) })
    }
}

/// A numbered page: the `page`/`per_page` style, for clients that jump to page n.
public struct OffsetPage: Sendable {
    public var page: Int
    public var perPage: Int

    public var offset: Int { (page - 1) * perPage }

    public func totalPages(of total: Int) -> Int { (total + perPage - 1) / perPage }
}

extension EndpointRequest {
    /// The `page`/`per_page` parameters, or nil when the request names neither.
    public func offsetPage() throws -> OffsetPage? {
        guard query("page") != nil || query("per_page") != nil else { return nil }
        try refuseMixedPagination()
        let page = try query("page").map { text in
            guard let value = Int(text), (1...1_000_000).contains(value) else {
                throw LedgerError.badRequest(code: "INVALID_PAGE", message: "page must be a whole number from 1", details: ["page": text])
            }
            return value
        } ?? 1
        let perPage = try query("per_page").map { text in
            guard let value = Int(text), (1...100).contains(value) else {
                throw LedgerError.badRequest(code: "INVALID_PAGE", message: "per_page must be from 1 to 100", details: ["per_page": text])
            }
            return value
        } ?? 50
        return OffsetPage(page: page, perPage: perPage)
    }

    private func refuseMixedPagination() throws {
        if query("cursor") != nil, query("page") != nil || query("per_page") != nil {
            throw LedgerError.badRequest(code: "INVALID_PAGE", message: "Use either cursor/limit or page/per_page, not both")
        }
    }
}

extension EndpointParameter {
    /// `page` and `per_page`, for lists that also offer numbered pages.
    public static let offsetPagination: [EndpointParameter] = [
        .query("page", "Page number (default 1); with per_page instead of cursor", schema: .integer(minimum: (1, exclusive: false))),
        .query("per_page", "Items per page, 1-100 (default 50)", schema: .integer(maximum: (100, exclusive: false), minimum: (1, exclusive: false))),
    ]

    /// `limit` and `cursor`, for every cursor-paginated list.
    public static let pagination: [EndpointParameter] = [
        .query("limit", "Items per page, 1-100 (default 50)", schema: .integer(maximum: (100, exclusive: false), minimum: (1, exclusive: false))),
        .query("cursor", "next_cursor of the previous page", schema: .string),
    ]
}
