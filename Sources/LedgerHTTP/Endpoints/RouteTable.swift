import HTTPTypes

/// The declared paths and their methods, to tell a wrong method (405) from an unknown path.
struct RouteTable: Sendable {
    private var routes: [(method: HTTPRequest.Method, segments: [Substring])] = []

    mutating func add(_ method: HTTPRequest.Method, _ template: String) {
        routes.append((method, template.split(separator: "/")))
    }

    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, actual in
                    template.first == "{" || template == actual
                }
        }.map(\.method)
    }
}
