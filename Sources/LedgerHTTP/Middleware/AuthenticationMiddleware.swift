import HTTPTypes
import Hummingbird
import LedgerAuth
import LedgerCore

/// Verifies the credentials of a request on a route that needs a caller, and puts the
/// principal in the context. Invalid credentials answer 401 here;
/// absent ones are left for the caller context (`CallerRequestContext`) to refuse. Public
/// routes are not behind it, so they pay nothing for authentication.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let authorization = request.headers[.authorization]
        let apiKey = request.headers[.apiKey]
        if authorization != nil || apiKey != nil {
            context.principal = try await authenticator.principal(authorization: authorization, apiKey: apiKey)
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let apiKey = Self("X-API-Key")!
}
