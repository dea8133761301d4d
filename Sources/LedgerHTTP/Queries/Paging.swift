public import LedgerCore
import OpenAPIKit

/// The pagination parameters every list shares.
enum PagingParameters {
    static let limit = QueryParameter.integer(
        "limit", "Items per page", in: PageRequest.limitRange, default: PageRequest.defaultLimit
    ).code("INVALID_PAGE")
    static let cursor = QueryParameter<PageCursor?>.optional(
        "cursor", "next_cursor of the previous page", schema: .string(maxLength: 200), expectation: "a cursor this API issued",
        read: { boundedText($0, maxLength: 200).flatMap { try? PageCursor(decoding: $0) } }
    ).code("INVALID_CURSOR")
    static let page = QueryParameter.integer(
        "page", "Page number; with per_page instead of cursor", in: OffsetPage.pageRange, default: 1
    ).code("INVALID_PAGE")
    static let perPage = QueryParameter.integer(
        "per_page", "Items per page", in: OffsetPage.perPageRange, default: 50
    ).code("INVALID_PAGE")

    static func pageRequest(_ query: QueryValues) throws -> PageRequest {
        try PageRequest(limit: query[limit], after: query[cursor])
    }

    static func offsetPage(_ query: QueryValues) throws -> OffsetPage {
        try OffsetPage(page: query[page], perPage: query[perPage])
    }
}

/// `limit` and `cursor`: a list read by keyset.
public struct CursorPageQuery: APIQuery {
    public static let parameters: [any DeclaredQueryParameter] = [PagingParameters.limit, PagingParameters.cursor]
    public let page: PageRequest

    public init(_ query: QueryValues) throws {
        page = try PagingParameters.pageRequest(query)
    }
}

/// A list that pages by cursor or, with `page`/`per_page`, by number.
enum ListPaging: Sendable {
    case cursor(PageRequest)
    case numbered(OffsetPage)

    static let parameters: [any DeclaredQueryParameter] = [
        PagingParameters.limit, PagingParameters.cursor, PagingParameters.page, PagingParameters.perPage,
    ]

    init(_ query: QueryValues) throws {
        let numbered = query.contains(PagingParameters.page.name) || query.contains(PagingParameters.perPage.name)
        let keyset = query.contains(PagingParameters.cursor.name) || query.contains(PagingParameters.limit.name)
        switch (numbered, keyset) {
        case (true, true):
            throw LedgerError.badRequest(code: "INVALID_PAGE", message: "Use either cursor/limit or page/per_page, not both")
        case (true, false): self = .numbered(try PagingParameters.offsetPage(query))
        case (false, _): self = .cursor(try PagingParameters.pageRequest(query))
        }
    }
}
