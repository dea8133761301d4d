import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import Logging
import NIOCore

/// Takes the caller's `X-Request-ID` when it is a sane token, or makes one; puts it in every
/// log line of the request and echoes it on the response. Records the request's origin for
/// the audit log.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.requestID = Self.acceptable(request.headers[.requestID]) ?? UUID.random().lowercasedText
        context.origin = RequestOrigin(ip: context.remoteIP, userAgent: request.headers[.userAgent], requestID: context.requestID)
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        return response
    }

    static func acceptable(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x3A
            })
        else { return nil }
        return value
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-ID")!
}
