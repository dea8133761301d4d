import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

extension Endpoint where Input == NoInput, Query == NoQuery, Output == HealthResponse {
    static let health = Endpoint(
        .get, "/health", operationID: "getHealth", tag: "System",
        summary: "Liveness: the process is up", access: .anyone)
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == ReadinessResponse {
    static let readiness = Endpoint(
        .get, "/ready", operationID: "getReadiness", tag: "System",
        summary: "Readiness: the database answers and its schema is current", access: .anyone,
        errors: [.unavailable])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == OpenAPIDocumentJSON {
    static let openAPIDocument = Endpoint(
        .get, "/openapi.json", operationID: "getOpenAPIDocument", tag: "System",
        summary: "This OpenAPI 3.1 document", access: .anyone)
}

/// `/health`, `/ready` and `/openapi.json`.
public struct SystemRoutes: Sendable {
    let system: SystemService

    public init(system: SystemService) {
        self.system = system
    }

    public func register(in api: inout APIRegistry) {
        api.publicRoute(.health) { _, _ in
            HealthResponse(
                status: "healthy", version: SystemService.version, uptimeSeconds: system.uptimeSeconds,
                timestamp: Date())
        }
        api.publicRoute(.readiness) { _, _ in
            let readiness = await system.readiness()
            guard readiness.isReady else {
                throw LedgerError.unavailable("Not ready: \(readiness.reason ?? "unknown")")
            }
            return ReadinessResponse(status: "ready", database: "ok", migrations: "current")
        }
        api.serveOpenAPIDocument(.openAPIDocument, version: SystemService.version)
    }
}
