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
