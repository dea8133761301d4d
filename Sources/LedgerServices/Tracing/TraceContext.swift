import Tracing

/// The current trace context as W3C headers (`traceparent`, `tracestate`), kept with work
/// that runs later (a webhook delivery), and the context such headers name.
enum TraceContext {
    static func currentHeaders() -> [String: String] {
        var headers: [String: String] = [:]
        InstrumentationSystem.instrument.inject(InstrumentationContext.current ?? .topLevel, into: &headers, using: HeaderWriter())
        return headers
    }

    static func context(from headers: [String: String]) -> InstrumentationContext {
        var context = InstrumentationContext.topLevel
        InstrumentationSystem.instrument.extract(headers, into: &context, using: HeaderReader())
        return context
    }

    private struct HeaderWriter: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
            carrier[key] = value
        }
    }

    private struct HeaderReader: Extractor {
        func extract(key: String, from carrier: [String: String]) -> String? {
            carrier[key]
        }
    }
}
