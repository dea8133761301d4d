import Hummingbird

/// How an endpoint writes its errors. The API's own routes use `standard`; an
/// OpenAI- or Anthropic-compatible route writes the shape its clients' SDKs parse.
public struct ErrorFormat: Sendable {
    let render: @Sendable (HTTPProblem, _ requestID: String, JSONCoding) throws -> Response

    init(render: @escaping @Sendable (HTTPProblem, _ requestID: String, JSONCoding) throws -> Response) {
        self.render = render
    }

    /// `{"error": {"code", "message", "details", "request_id"}}`.
    public static let standard = ErrorFormat { problem, requestID, coding in
        try problem.response(requestID: requestID, coding: coding)
    }
}
