import Foundation
import NIOSSL
public import PostgresNIO

/// Where the PostgreSQL server is and how the pool talks to it.
public struct DatabaseConfiguration: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    public var maximumConnections: Int
    public var connectTimeout: Duration

    public init(
        endpoint: Endpoint, username: String, password: String? = nil, database: String,
        tls: TLSMode = .disable, maximumConnections: Int = 16, connectTimeout: Duration = .seconds(5)
    ) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=require`. A `host` query
    /// item that starts with `/` names a unix-socket directory, as libpq reads it.
    public init(url text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else { throw DatabaseURLError("must look like postgres://user:password@host:5432/database") }
        let items = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw DatabaseURLError("names no database (add /NAME after the host)") }
        let port = components.port ?? 5432
        if let socketDirectory = items["host"], socketDirectory.hasPrefix("/") {
            endpoint = .unixSocket(path: "\(socketDirectory)/.s.PGSQL.\(port)")
        } else {
            guard let host = components.host, !host.isEmpty else { throw DatabaseURLError("names no host") }
            endpoint = .tcp(host: host, port: port)
        }
        guard let user = components.user, !user.isEmpty else { throw DatabaseURLError("names no user") }
        username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        switch items["sslmode"] ?? "prefer" {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other: throw DatabaseURLError("has unknown sslmode '\(other)' (use disable, prefer or require)")
        }
        maximumConnections = 16
        connectTimeout = .seconds(5)
    }

    public var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: username, password: password, database: database,
                tls: tlsSetting)
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    private var tlsSetting: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// The same server, another database (tests create one per suite).
    public func database(named name: String) -> DatabaseConfiguration {
        var copy = self
        copy.database = name
        return copy
    }
}

public struct DatabaseURLError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
