import HTTPTypes

/// The declared paths with their methods and error formats, to tell a wrong method (405) from
/// an unknown path and to write each route's errors in its own format.
struct RouteTable: Sendable {
    private var routes: [(method: HTTPRequest.Method, segments: [Substring], errorFormat: ErrorFormat)] = []

    mutating func add(_ method: HTTPRequest.Method, _ template: String, errorFormat: ErrorFormat) {
        routes.append((method, template.split(separator: "/"), errorFormat))
    }

    private func matching(_ path: String) -> [(method: HTTPRequest.Method, segments: [Substring], errorFormat: ErrorFormat)] {
        let segments = path.split(separator: "/")
        return routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, actual in
                    template.first == "{" || template == actual
                }
        }
    }

    func methods(matching path: String) -> [HTTPRequest.Method] {
        matching(path).map(\.method)
    }

    /// The error format of the route a request reached; literal segments win over parameters.
    func errorFormat(_ method: HTTPRequest.Method, _ path: String) -> ErrorFormat {
        matching(path).filter { $0.method == method }
            .max { $0.segments.count(where: { $0.first != "{" }) < $1.segments.count(where: { $0.first != "{" }) }?
            .errorFormat ?? .standard
    }
}
