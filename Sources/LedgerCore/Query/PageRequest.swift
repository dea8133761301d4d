/// The keyset bounds for a query: `limit` rows strictly after the cursor in (time, id) order.
public struct PageRequest: Sendable, Equatable {
    public static let limitRange = 1...100
    public static let defaultLimit = 50

    public let limit: Int
    public let after: PageCursor?

    public init(limit: Int = Self.defaultLimit, after: PageCursor? = nil) throws(LedgerError) {
        guard Self.limitRange.contains(limit) else {
            throw .badRequest(code: "INVALID_PAGE", message: "limit must be a whole number from 1 to 100", details: ["limit": "\(limit)"])
        }
        self.init(validLimit: limit, after: after)
    }

    private init(validLimit limit: Int, after: PageCursor?) {
        self.limit = limit
        self.after = after
    }

    /// A page of an export, which reads every row in larger steps than a client may ask for.
    public static func exportStep(after cursor: PageCursor?) -> PageRequest {
        PageRequest(validLimit: 1000, after: cursor)
    }

    public static let first = PageRequest(validLimit: defaultLimit, after: nil)

    /// Far enough in the past that every row is after it.
    public var afterMicros: Int64 { after?.micros ?? Int64.min }
    public var afterID: String { after?.id ?? "" }
}
