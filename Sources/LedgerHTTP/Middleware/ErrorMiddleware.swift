import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import LedgerCore

/// Renders every failure in the one error shape. Unknown errors are logged with the request
/// id and answered with a generic 500 that carries no internal text.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: RouteTable
    let coding: JSONCoding

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = HTTPProblem(error, method: request.method, path: request.uri.path, routes: routes)
            if problem.status == .internalServerError {
                context.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
            }
            return try routes.errorFormat(request.method, request.uri.path).render(problem, context.requestID, coding)
        }
    }
}
