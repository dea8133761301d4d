import Tracing

/// The spans of database work: one per statement (`db.query`, with its SQL, which holds no
/// values: they are bound) and one around each transaction or leased connection, children of
/// whatever span is current (the request's).
enum DatabaseSpan {
    static func query<Result>(_ sql: String, _ body: () async throws -> Result) async throws -> Result {
        try await withSpan("db.query", ofKind: .client) { span in
            // Unsampled spans (no exporter) keep nothing: the statement is not copied for them.
            if span.isRecording {
                span.attributes["db.system.name"] = "postgresql"
                span.attributes["db.query.text"] = String(sql.prefix(1_000))
            }
            return try await body()
        }
    }

    static func around<Result>(_ name: String, _ body: () async throws -> Result) async throws -> Result {
        try await withSpan(name, ofKind: .client) { span in
            if span.isRecording { span.attributes["db.system.name"] = "postgresql" }
            return try await body()
        }
    }
}
