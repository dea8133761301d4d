import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import LedgerCore

/// An error as the client sees it: status, code, message, details and any extra headers.
struct HTTPProblem {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var details: [String: JSONValue]?
    var headers: HTTPFields = [:]

    init(
        status: HTTPResponse.Status, code: String, message: String, details: [String: JSONValue]? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    init(_ error: any Error, method: HTTPRequest.Method, path: String, routes: RouteTable) {
        switch error {
        case let error as ErrorWithHeaders:
            self.init(error.underlying, method: method, path: path, routes: routes)
            for field in error.headers where headers[field.name] == nil { headers.append(field) }
        case let error as LedgerError:
            self.init(error)
        case let error as RequestDecodingError:
            self.init(error)
        case let error as HTTPError where error.status == .notFound:
            let allowed = routes.methods(matching: path)
            if allowed.isEmpty {
                self.init(status: .notFound, code: "ROUTE_NOT_FOUND", message: "No route for \(method) \(path)")
            } else {
                let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
                self.init(
                    status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED",
                    message: "\(method) is not allowed on \(path); allowed: \(list)",
                    details: ["allowed": .array(allowed.map(\.rawValue).sorted().map(JSONValue.string))],
                    headers: [.allow: list])
            }
        case let error as HTTPError where error.status == .contentTooLarge:
            self.init(status: .contentTooLarge, code: "PAYLOAD_TOO_LARGE", message: "The request body is too large")
        case let error as HTTPError:
            self.init(status: error.status, code: Self.code(for: error.status), message: error.body ?? error.status.reasonPhrase)
        default:
            self.init(status: .internalServerError, code: "INTERNAL_ERROR", message: "An unexpected error occurred")
        }
    }

    init(_ error: LedgerError) {
        switch error {
        case .badRequest(_, _, let details):
            self.init(status: .badRequest, code: error.code, message: error.message,
                details: details.isEmpty ? nil : details.mapValues(JSONValue.string))
        case .validation(let issues):
            self.init(status: .unprocessableContent, code: error.code, message: error.message,
                details: ["fields": .array(issues.map { .object(["field": .string($0.field), "message": .string($0.message)]) })])
        case .notFound:
            self.init(status: .notFound, code: error.code, message: error.message)
        case .conflict:
            self.init(status: .conflict, code: error.code, message: error.message)
        case .unauthenticated:
            self.init(status: .unauthorized, code: error.code, message: error.message)
        case .notAllowed:
            self.init(status: .forbidden, code: error.code, message: error.message)
        case .forbidden(let permission):
            self.init(status: .forbidden, code: error.code, message: error.message,
                details: ["required_permission": .string(permission.description)])
        case .rateLimited(let seconds, _, let details):
            self.init(status: .tooManyRequests, code: error.code, message: error.message, details: details.isEmpty ? nil : details,
                headers: [.retryAfter: String(seconds)])
        case .payloadTooLarge(let limit):
            self.init(status: .contentTooLarge, code: error.code, message: error.message,
                details: ["limit_bytes": .integer(Int64(limit))])
        case .unavailable:
            self.init(status: .serviceUnavailable, code: error.code, message: error.message)
        case .limitReached(_, _, let details):
            self.init(status: .paymentRequired, code: error.code, message: error.message, details: details.isEmpty ? nil : details)
        }
    }

    init(_ error: RequestDecodingError) {
        switch error {
        case .malformedJSON(let message, let line, let column):
            var details: [String: JSONValue] = [:]
            if let line, let column { details = ["line": .integer(Int64(line)), "column": .integer(Int64(column))] }
            self.init(status: .badRequest, code: "MALFORMED_JSON", message: message, details: details.isEmpty ? nil : details)
        case .missingBody:
            self.init(status: .badRequest, code: "MISSING_BODY", message: "This endpoint needs a JSON request body")
        case .unsupportedMediaType(let type):
            self.init(status: .unsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE",
                message: "Send the body as application/json (got \(type))")
        case .fields(let issues):
            self.init(LedgerError.validation(issues))
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        status.reasonPhrase.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.reduce(into: "") { $0.append($1) }
    }

    func response(requestID: String, coding: JSONCoding) throws -> Response {
        let body = ErrorResponse(error: .init(code: code, message: message, details: details, requestID: requestID))
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: try coding.encode(body)))
    }
}
