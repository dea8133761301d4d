import HTTPTypes
import Hummingbird
import Tracing

/// A server span per request, child of the caller's `traceparent`, named for its route, with
/// Hummingbird's attribute names. Unlike Hummingbird's `TracingMiddleware` it hands an answer
/// of known length on as it is: that middleware wrapped every body so that its span ended after
/// the write, which made each answer a streamed body, written as a head and a body in two
/// flushes (two `write` calls and two TCP segments for a 100-byte answer) where one does. The
/// span of such an answer ends when the answer is handed to the connection; a streamed body
/// (CSV exports) still ends its span after its last byte. Attributes are made only for a span
/// that records: without an exporter none does, and every request paid for them.
struct RequestTracingMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The process's tracer when the router is built: `Server` installs it before that.
    let tracer: any Tracer
    private let recordedHeaders: [(name: HTTPField.Name, attribute: String)]

    init(recordingHeaders names: [HTTPField.Name], tracer: any Tracer = InstrumentationSystem.tracer) {
        self.tracer = tracer
        recordedHeaders = names.map { ($0, $0.canonicalName.replacing("-", with: "_")) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var parent = InstrumentationContext.current ?? .topLevel
        tracer.extract(request.headers, into: &parent, using: HeaderFieldsExtractor())
        let span = tracer.startSpan("HTTP \(request.method.rawValue) route not found", context: parent, ofKind: .server)
        if span.isRecording { describe(request, on: span) }
        // A tracer that samples nothing (swift-otel's, without an exporter) answers a span with
        // an empty context, dropping the caller's: the request goes on in the caller's, so its
        // log lines still carry the caller's `trace_id` and its webhooks continue the trace.
        let current = span.context.isEmpty ? parent : span.context
        let response: Response
        do {
            response = try await InstrumentationContext.$current.withValue(current) { try await next(request, context) }
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            if span.isRecording { name(span, for: context, status: status) }
            if status >= 500 { span.setStatus(SpanStatus(code: .error)) }
            span.recordError(error)
            span.end()
            throw error
        }
        if span.isRecording {
            name(span, for: context, status: response.status.code)
            record(response.headers, as: "http.response.header.", on: span)
            span.attributes["http.response.body.size"] = response.body.contentLength
        }
        guard response.body.contentLength == nil else {
            span.end()
            return response
        }
        var streamed = response
        streamed.body = ResponseBody { [body = response.body] writer in
            defer { span.end() }
            try await body.write(writer)
        }
        return streamed
    }

    private func describe(_ request: Request, on span: any Span) {
        span.updateAttributes { attributes in
            attributes["http.request.method"] = request.method.rawValue
            attributes["url.path"] = request.uri.path
            attributes["url.query"] = request.uri.query
            attributes["user_agent.original"] = request.headers[.userAgent]
            attributes["http.request.body.size"] = request.headers[.contentLength].flatMap { Int($0) }
        }
        record(request.headers, as: "http.request.header.", on: span)
    }

    private func name(_ span: any Span, for context: Context, status: Int) {
        if let route = context.endpointPath { span.operationName = route }
        span.attributes["http.route"] = context.endpointPath
        span.attributes["http.response.status_code"] = status
    }

    private func record(_ headers: HTTPFields, as prefix: String, on span: any Span) {
        for header in recordedHeaders {
            let values = headers[values: header.name]
            guard !values.isEmpty else { continue }
            let key = "\(prefix)\(header.attribute)"
            if values.count == 1 { span.attributes[key] = values[0] } else { span.attributes[key] = values }
        }
    }
}

private struct HeaderFieldsExtractor: Extractor {
    func extract(key name: String, from headers: HTTPFields) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }
}
