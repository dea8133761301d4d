import Foundation
import OTel
import ServiceLifecycle
import Tracing

/// The process's tracer: swift-otel's, installed once for the whole process, so every span
/// (requests, queries, webhook attempts, outbound HTTP) and every `traceparent` taken in or
/// sent out goes through it. Spans are exported over OTLP/HTTP when an endpoint is configured
/// (`OTEL_EXPORTER_OTLP_ENDPOINT` and the other `OTEL_*` variables swift-otel reads). Without
/// one nothing is recorded (sampler `always_off`): span contexts are still made and passed
/// on, so a caller's `traceparent` continues into logs (`trace_id`) and webhook attempts, at
/// the cost of making ids.
enum TracingBackend {
    /// The service that exports spans, to run beside the server; nil when tracing is off.
    static func install(enabled: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> (any Service)?
    {
        guard enabled else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = "tokenledger"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        let exporting = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_TRACES_EXPORTER"]
            .contains { environment[$0] != nil }
        if !exporting {
            configuration.traces.exporter = .none
            configuration.traces.sampler = .alwaysOff
        }
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        return backend.service
    }
}
