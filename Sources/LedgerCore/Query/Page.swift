/// One page of a list; `nextCursor` is nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// One numbered page of a list, with the number of items on every page together.
public struct NumberedPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var page: OffsetPage
    public var total: Int

    public init(items: [Item], page: OffsetPage, total: Int) {
        self.items = items
        self.page = page
        self.total = total
    }

    public var totalPages: Int { (total + page.perPage - 1) / page.perPage }
}
