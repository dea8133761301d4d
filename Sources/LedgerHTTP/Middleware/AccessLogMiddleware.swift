import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// One log line per request, after the error middleware has decided the status.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.3f", Double(elapsed.components.attoseconds) / 1e15
                    + Double(elapsed.components.seconds) * 1000)),
            ])
        return response
    }
}
