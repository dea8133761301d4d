import LedgerStore
import Testing

@Suite struct DatabaseConfigurationTests {
    @Test func parsesAFullURL() throws {
        let configuration = try DatabaseConfiguration(url: "postgres://app:p%40ss@db.internal:6543/ledger?sslmode=require")
        #expect(configuration.endpoint == .tcp(host: "db.internal", port: 6543))
        #expect(configuration.username == "app")
        #expect(configuration.password == "p@ss")
        #expect(configuration.database == "ledger")
        #expect(configuration.tls == .require)
    }

    @Test func readsAUnixSocketDirectoryFromTheHostParameter() throws {
        let configuration = try DatabaseConfiguration(url: "postgresql://me@localhost/ledger?host=/run/postgresql")
        #expect(configuration.endpoint == .unixSocket(path: "/run/postgresql/.s.PGSQL.5432"))
        #expect(configuration.tls == .prefer)
    }

    @Test(arguments: [
        ("mysql://u@h/db", "postgres://"),
        ("postgres://u@h", "names no database"),
        ("postgres://h/db", "names no user"),
        ("postgres://u@h/db?sslmode=sometimes", "unknown sslmode"),
    ])
    func rejectsWithAReason(url: String, reason: String) {
        #expect {
            try DatabaseConfiguration(url: url)
        } throws: { error in
            String(describing: error).contains(reason)
        }
    }
}
