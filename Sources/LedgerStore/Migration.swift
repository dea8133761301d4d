/// One SQL file from the top-level `Migrations/` folder, named `NNNN_verb_noun.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads the version from the file name's leading digits.
    public init?(fileName: String, sql: String) {
        let digits = fileName.prefix(while: \.isNumber)
        guard !digits.isEmpty, let version = Int(digits), fileName.hasSuffix(".sql") else { return nil }
        self.init(version: version, name: fileName, sql: sql)
    }

    /// The migrations compiled into this binary, in version order.
    public static let embedded: [Migration] = embeddedMigrationFiles.compactMap {
        Migration(fileName: $0.name, sql: $0.sql)
    }
}
