import Dispatch
import Foundation
import LedgerCore

#if canImport(Glibc)
import Glibc
#endif

/// Where webhooks may go: HTTPS URLs whose host resolves only to public addresses
/// (`DestinationAddress`), checked when an endpoint is saved and again before every attempt,
/// since a name can be pointed elsewhere later (DNS rebinding). `allowedHosts` names hosts
/// (`host` or `host:port`) exempt from the address check, for tests and on-premises receivers.
public struct WebhookDestinationPolicy: Sendable {
    public var allowPlainHTTP = false
    public var allowedHosts: Set<String> = []

    public init(allowPlainHTTP: Bool = false, allowedHosts: Set<String> = []) {
        self.allowPlainHTTP = allowPlainHTTP
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    /// Why `url` is no place to send webhooks to, or nil when it is fine.
    public func refusal(of url: String) async -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return "must be an absolute http(s) URL" }
        switch scheme {
        case "https": break
        case "http" where allowPlainHTTP: break
        case "http": return "must use https"
        default: return "must use https"
        }
        if components.user != nil || components.password != nil { return "must not carry credentials" }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let bareHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if allowedHosts.contains(bareHost) || allowedHosts.contains("\(bareHost):\(port)") { return nil }
        let addresses: [[UInt8]]
        if let literal = Self.literalAddress(bareHost) {
            addresses = [literal]
        } else {
            addresses = await Self.resolve(bareHost)
        }
        if addresses.isEmpty { return "its host '\(bareHost)' does not resolve" }
        for address in addresses {
            if let reason = DestinationAddress.refusal(address) { return "its host '\(bareHost)' resolves to \(reason)" }
        }
        return nil
    }

    private static func literalAddress(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// Every address the name resolves to; getaddrinfo blocks, so it runs off the task pool.
    private static func resolve(_ host: String) async -> [[UInt8]] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var list: UnsafeMutablePointer<addrinfo>?
                guard getaddrinfo(host, nil, &hints, &list) == 0 else { return continuation.resume(returning: []) }
                defer { freeaddrinfo(list) }
                var addresses: [[UInt8]] = []
                var entry = list
                while let info = entry?.pointee {
                    if info.ai_family == AF_INET, let address = info.ai_addr {
                        address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                            var raw = pointer.pointee.sin_addr
                            addresses.append(withUnsafeBytes(of: &raw) { Array($0) })
                        }
                    } else if info.ai_family == AF_INET6, let address = info.ai_addr {
                        address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                            var raw = pointer.pointee.sin6_addr
                            addresses.append(withUnsafeBytes(of: &raw) { Array($0) })
                        }
                    }
                    entry = info.ai_next
                }
                continuation.resume(returning: addresses)
            }
        }
    }
}
