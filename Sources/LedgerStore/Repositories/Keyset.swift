import LedgerCore

extension PageCursor {
    /// The SQL for a timestamp column's sort key, matching `micros`.
    static func sortKey(_ column: String) -> String { "(extract(epoch FROM \(column)) * 1000000)::bigint" }
}
