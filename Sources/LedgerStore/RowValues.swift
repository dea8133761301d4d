import Foundation
import LedgerCore
import PostgresNIO

/// The columns of one row to write, each named once beside its value: it makes the insert and,
/// for a row that may exist already, the update of every other column (`upsert`). A new column
/// of a resource is one `set` here and one read in its row decoder.
struct RowValues {
    private var names: [String] = []
    private var placeholders: [String] = []
    private var bindings = PostgresBindings()

    /// `value` into `column`; `cast` where the value is bound as text (`numeric`).
    mutating func set<Value: PostgresDynamicTypeEncodable>(_ column: String, _ value: Value?, as cast: String? = nil) {
        bindings.append(value)
        names.append(column)
        placeholders.append("$\(bindings.count)" + (cast.map { "::\($0)" } ?? ""))
    }

    /// `INSERT … ON CONFLICT (key) DO UPDATE` of every column but the key's and `kept`.
    func upsert(into table: String, key: [String], keeping kept: Set<String> = []) -> PostgresQuery {
        let updates = names.filter { !key.contains($0) && !kept.contains($0) }.map { "\($0) = excluded.\($0)" }
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", ")))
                ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))
                """, binds: bindings)
    }
}

/// The six columns a `UsageScope` is stored in, written and read in one place for every resource
/// that has a scope (budgets, alert rules).
extension UsageScope {
    func write(to row: inout RowValues) {
        row.set("projects", projects)
        row.set("providers", providers)
        row.set("models", models)
        row.set("endpoints", endpoints)
        row.set("api_key_ids", apiKeys.map(\.uuid))
        row.set("end_users", endUsers)
    }

    init(_ column: RowColumns) throws {
        self.init(
            projects: try column("projects"), providers: try column("providers"), models: try column("models"),
            endpoints: try column("endpoints"), apiKeys: try column("api_key_ids", as: [UUID].self).map(APIKeyID.init),
            endUsers: try column("end_users"))
    }
}
