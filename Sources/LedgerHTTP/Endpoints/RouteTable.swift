import HTTPTypes

/// The declared paths with their methods and error formats, to tell a wrong method (405) from
/// an unknown path and to write each route's errors in its own format.
struct RouteTable: Sendable {
    private var routes: [(method: HTTPRequest.Method, segments: [Substring], errorFormat: ErrorFormat)] = []

    mutating func add(_ method: HTTPRequest.Method, _ template: String, errorFormat: ErrorFormat) {
        routes.append((method, template.split(separator: "/"), errorFormat))
    }

    /// The routes of the template the router takes for `path`: like Hummingbird's trie, a
    /// literal segment wins over a parameter at each position (`/usage/batch` is never
    /// `/usage/{id}`, whatever the method).
    private func matching(_ path: String) -> [(method: HTTPRequest.Method, segments: [Substring], errorFormat: ErrorFormat)] {
        let segments = path.split(separator: "/")
        let candidates = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, actual in
                    template.first == "{" || template == actual
                }
        }
        let literalness = { (route: [Substring]) in route.map { $0.first == "{" ? 0 : 1 } }
        guard let best = candidates.map({ literalness($0.segments) }).max(by: { $0.lexicographicallyPrecedes($1) }) else { return [] }
        return candidates.filter { literalness($0.segments) == best }
    }

    func methods(matching path: String) -> [HTTPRequest.Method] {
        matching(path).map(\.method)
    }

    /// The error format of the route a request reached.
    func errorFormat(_ method: HTTPRequest.Method, _ path: String) -> ErrorFormat {
        matching(path).first { $0.method == method }?.errorFormat ?? .standard
    }
}
