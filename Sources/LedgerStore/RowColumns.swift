import Foundation
import LedgerCore
import PostgresNIO

/// A row read by column name: the one decoding style of every repository, so a query's
/// column list is the only list of its columns.
struct RowColumns {
    private let cells: PostgresRandomAccessRow
    private let prefix: String

    init(_ row: PostgresRow) {
        cells = row.makeRandomAccess()
        prefix = ""
    }

    private init(cells: PostgresRandomAccessRow, prefix: String) {
        self.cells = cells
        self.prefix = prefix
    }

    func callAsFunction<Value: PostgresDecodable>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        try cells[prefix + name].decode(Value.self, context: .default)
    }

    /// The columns whose names start with `prefix`, read by the rest of their names: for a
    /// join that selects two tables' columns of the same names (`UserRepository.columns(as:)`).
    func prefixed(_ prefix: String) -> RowColumns {
        RowColumns(cells: cells, prefix: self.prefix + prefix)
    }
}

extension QueryRunner {
    /// Every row, each read by name.
    func all<Item>(_ query: PostgresQuery, reading read: (RowColumns) throws -> Item) async throws -> [Item] {
        try await rows(query).map { try read(RowColumns($0)) }
    }

    func execute(prepared statement: some PreparedQuery) async throws {
        _ = try await all(prepared: statement, reading: { _ in })
    }

    func all<Item>(prepared statement: some PreparedQuery, reading read: (RowColumns) throws -> Item) async throws -> [Item] {
        do {
            return try await run(statement).map { try read(RowColumns($0)) }
        } catch {
            throw DatabaseErrorMapping.map(error)
        }
    }

    func first<Item>(_ query: PostgresQuery, reading read: (RowColumns) throws -> Item) async throws -> Item? {
        try await rows(query).first.map { try read(RowColumns($0)) }
    }

    /// A keyset page: the query selects `limit + 1` rows with their `sort_key` (`PageCursor.sortKey`)
    /// and `id`, which make the cursor of the next page.
    func page<Item>(_ query: PostgresQuery, limit: Int, reading read: (RowColumns) throws -> Item) async throws -> Page<Item> {
        try PageCursor.page(
            try await rows(query).map(RowColumns.init), limit: limit,
            key: { PageCursor(micros: try $0("sort_key"), id: try $0("id", as: UUID.self).lowercasedText) }, item: read)
    }
}
