import HTTPTypes
import Hummingbird
import LedgerServices

/// Counts every request by route template, method and status class, with its duration and
/// the requests in flight. Outside the error middleware, so it sees every answer as sent.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        metrics.requestStarted()
        let status: Int
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            finish(context, request, status: status, since: start)
            return response
        } catch {
            finish(context, request, status: (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500, since: start)
            throw error
        }
    }

    private func finish(_ context: Context, _ request: Request, status: Int, since start: ContinuousClock.Instant) {
        // Hummingbird names a matched route by its template (`/api/v1/budgets/{id}`), and an
        // unmatched request `NotFound` or nothing.
        let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "unmatched"
        metrics.requestFinished(route: route, method: request.method.rawValue, status: status, duration: ContinuousClock.now - start)
    }
}
