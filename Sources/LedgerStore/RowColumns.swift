import Foundation
import LedgerCore
import PostgresNIO

/// A row read by column name: the one decoding style of every repository, so a query's
/// column list is the only list of its columns.
struct RowColumns {
    private let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        cells = row.makeRandomAccess()
    }

    func callAsFunction<Value: PostgresDecodable>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        try cells[name].decode(Value.self, context: .default)
    }
}

extension QueryRunner {
    /// Every row, each read by name.
    func all<Item>(_ query: PostgresQuery, reading read: (RowColumns) throws -> Item) async throws -> [Item] {
        try await rows(query).map { try read(RowColumns($0)) }
    }

    func first<Item>(_ query: PostgresQuery, reading read: (RowColumns) throws -> Item) async throws -> Item? {
        try await rows(query).first.map { try read(RowColumns($0)) }
    }

    /// A keyset page: the query selects `limit + 1` rows with their `sort_key` (`PageCursor.sortKey`)
    /// and `id`, which make the cursor of the next page.
    func page<Item>(_ query: PostgresQuery, limit: Int, reading read: (RowColumns) throws -> Item) async throws -> Page<Item> {
        try PageCursor.page(
            try await rows(query).map(RowColumns.init), limit: limit,
            key: { PageCursor(micros: try $0("sort_key"), id: try $0("id", as: UUID.self).uuidString.lowercased()) }, item: read)
    }
}
