public import Foundation
public import OpenAPIKit

public struct HealthResponse: APISchema, APIOutput, Equatable {
    public var status: String
    public var version: String
    public var uptimeSeconds: Int64
    public var timestamp: Date

    public static var schema: JSONSchema {
        .object(properties: [
            "status": .string(allowedValues: "healthy"),
            "version": .string,
            "uptime_seconds": .integer(minimum: (0, exclusive: false)),
            "timestamp": .string(format: .dateTime),
        ])
    }

    public static let samples = [
        HealthResponse(
            status: "healthy", version: "0.1.0", uptimeSeconds: 42,
            timestamp: Date(timeIntervalSince1970: 1_790_000_000))
    ]
}

public struct ReadinessResponse: APISchema, APIOutput, Equatable {
    public var status: String
    public var database: String
    public var migrations: String

    public static var schema: JSONSchema {
        .object(properties: [
            "status": .string(allowedValues: "ready"),
            "database": .string(allowedValues: "ok"),
            "migrations": .string(allowedValues: "current"),
        ])
    }

    public static let samples = [ReadinessResponse(status: "ready", database: "ok", migrations: "current")]
}
