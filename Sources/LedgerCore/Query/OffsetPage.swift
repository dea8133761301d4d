/// A numbered page: the `page`/`per_page` style, for clients that jump to page n.
public struct OffsetPage: Sendable, Equatable {
    public static let pageRange = 1...1_000_000
    public static let perPageRange = 1...100
    public static let first = OffsetPage(validPage: 1, perPage: 50)

    public let page: Int
    public let perPage: Int

    public init(page: Int = 1, perPage: Int = 50) throws(LedgerError) {
        guard Self.pageRange.contains(page) else {
            throw .badRequest(code: "INVALID_PAGE", message: "page must be a whole number from 1", details: ["page": "\(page)"])
        }
        guard Self.perPageRange.contains(perPage) else {
            throw .badRequest(code: "INVALID_PAGE", message: "per_page must be from 1 to 100", details: ["per_page": "\(perPage)"])
        }
        self.init(validPage: page, perPage: perPage)
    }

    private init(validPage page: Int, perPage: Int) {
        self.page = page
        self.perPage = perPage
    }

    public var offset: Int { (page - 1) * perPage }
}
