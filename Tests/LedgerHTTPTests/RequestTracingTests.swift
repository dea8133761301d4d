import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
@testable import LedgerHTTP
import NIOCore
import Testing
import Tracing

@Suite struct RequestTracingTests {
    /// The tracing middleware alone in front of routes that answer whole, with a body of known
    /// length written later, streamed, and not at all.
    func withRouter(_ tracer: InMemoryTracer, _ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestTracingMiddleware(recordingHeaders: [.requestID], tracer: tracer))
        router.get("/things/{id}") { _, _ in
            Response(status: .ok, headers: [.requestID: "answer-1"], body: ResponseBody(byteBuffer: ByteBuffer(string: "whole")))
        }
        router.get("/sized") { _, _ in
            Response(status: .ok, body: ResponseBody(contentLength: 5) { writer in
                #expect(tracer.finishedSpans.count == 1, "a body of known length is handed on as it is")
                try await writer.write(ByteBuffer(string: "sized"))
                try await writer.finish(nil)
            })
        }
        router.get("/streamed") { _, _ in
            Response(status: .ok, body: ResponseBody { writer in
                #expect(tracer.finishedSpans.isEmpty, "a streamed body's span is open while it is written")
                try await writer.write(ByteBuffer(string: "part"))
                try await writer.finish(nil)
            })
        }
        router.get("/unavailable") { _, _ -> Response in throw HTTPError(.serviceUnavailable) }
        try await Application(router: router).test(.router, test)
    }

    @Test func aRequestsSpanContinuesTheCallersTraceNamedForItsRouteWithItsAttributes() async throws {
        let tracer = InMemoryTracer()
        try await withRouter(tracer) { client in
            let caller: HTTPFields = [
                HTTPField.Name(InMemoryTracer.traceIDKey)!: "trace-1", HTTPField.Name(InMemoryTracer.spanIDKey)!: "caller-span",
                .requestID: "request-1",
            ]
            try await client.execute(uri: "/things/42?verbose=1", method: .get, headers: caller) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "whole")
            }
        }
        let spans = tracer.finishedSpans
        try #require(spans.count == 1)
        let span = spans[0]
        #expect(span.operationName == "/things/{id}")
        #expect(span.kind == .server)
        #expect(span.traceID == "trace-1")
        #expect(span.parentSpanID == "caller-span")
        #expect(span.attributes.get("http.route") == .string("/things/{id}"))
        #expect(span.attributes.get("http.request.method") == .string("GET"))
        #expect(span.attributes.get("url.path") == .string("/things/42"))
        #expect(span.attributes.get("url.query") == .string("verbose=1"))
        #expect(span.attributes.get("http.response.status_code") == .int64(200))
        #expect(span.attributes.get("http.response.body.size") == .int64(5))
        #expect(span.attributes.get("http.request.header.x_request_id") == .string("request-1"))
        #expect(span.attributes.get("http.response.header.x_request_id") == .string("answer-1"))
    }

    @Test func aBodyOfKnownLengthIsHandedOnAsItIsAndAStreamedOneEndsItsSpanAfterItsLastByte() async throws {
        let tracer = InMemoryTracer()
        try await withRouter(tracer) { client in
            try await client.execute(uri: "/sized", method: .get) { response in
                #expect(String(buffer: response.body) == "sized")
            }
            #expect(tracer.popFinishedSpans().map(\.operationName) == ["/sized"])
            try await client.execute(uri: "/streamed", method: .get) { response in
                #expect(String(buffer: response.body) == "part")
            }
            #expect(tracer.popFinishedSpans().map(\.operationName) == ["/streamed"])
        }
    }

    @Test func aFailedRequestsSpanEndsWithItsStatusAndError() async throws {
        let tracer = InMemoryTracer()
        try await withRouter(tracer) { client in
            try await client.execute(uri: "/unavailable", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.operationName == "/unavailable")
        #expect(span.attributes.get("http.response.status_code") == .int64(503))
        #expect(span.status?.code == .error)
        #expect(span.errors.count == 1)
    }
}
