import Foundation
import HTTPTypes
import LedgerAuth
import LedgerCore
public import LedgerServices

extension Endpoint where Input == NoInput, Query == NoQuery, Output == PrometheusText {
    static let metrics = Endpoint(
        .get, "/metrics", operationID: "getMetrics", tag: "System",
        summary: "Prometheus metrics (behind a bearer token when TOKENLEDGER_METRICS_TOKEN is set)", access: .anyone,
        errors: [.unauthorized])
}

/// `GET /metrics`, on the API's port or on a port of its own.
public struct MetricsRoutes: Sendable {
    let metrics: ServerMetrics
    /// When set, scrapes must send `Authorization: Bearer <token>`.
    let token: String?

    public init(metrics: ServerMetrics, token: String?) {
        self.metrics = metrics
        self.token = token
    }

    public func register(in api: inout APIRegistry) {
        api.publicRoute(.metrics) { request, _ in
            if let token {
                let given = request.header(.authorization).map { String($0.trimmingHeaderWhitespace()) }
                // Digests compared, so the time taken says nothing of how much of the token matched.
                guard let given, SecretDigest.sha256(given) == SecretDigest.sha256("Bearer \(token)") else {
                    throw LedgerError.unauthenticated(code: "UNAUTHORIZED", message: "Send the metrics token as Authorization: Bearer")
                }
            }
            return PrometheusText(bytes: await metrics.exposition())
        }
    }
}
