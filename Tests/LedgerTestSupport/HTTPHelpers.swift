public import Foundation
public import HTTPTypes
public import HummingbirdTesting
import NIOCore
import NIOFoundationCompat

extension TestClientProtocol {
    /// A JSON request; `token` goes in `Authorization: Bearer`.
    public func send(
        _ method: HTTPRequest.Method, _ uri: String, json: [String: Any]? = nil, token: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }

    /// Registers a new owner with a new organization; answers the session body.
    public func registerOwner(email: String = "owner-\(UUID().uuidString.prefix(8))@example.com", organization: String = "Org \(UUID().uuidString.prefix(6))")
        async throws -> [String: Any]
    {
        let response = try await send(.post, "/api/v1/auth/register", json: [
            "email": email, "password": "correct horse battery", "name": "Owner", "organization_name": organization,
        ])
        guard response.status == .created else {
            throw TestSetupError("register answered \(response.status): \(String(buffer: response.body))")
        }
        return try response.json()
    }

    /// `/ready` asked until it answers `expected` or `attempts` run out; answers the last reply.
    /// The check gives the database 2 s, and a pool's first connection can take longer while
    /// the whole suite loads two cores, so one 503 says little.
    public func readiness(until expected: HTTPResponse.Status = .ok, attempts: Int = 20) async throws -> TestResponse {
        var response = try await execute(uri: "/ready", method: .get)
        for _ in 1..<attempts where response.status != expected {
            try await Task.sleep(for: .milliseconds(250))
            response = try await execute(uri: "/ready", method: .get)
        }
        return response
    }
}

extension Dictionary where Key == String, Value == Any {
    public func string(_ path: String) -> String? {
        var current: Any? = self
        for key in path.split(separator: ".") { current = (current as? [String: Any])?[String(key)] }
        return current as? String
    }
}
