import Dispatch
import Foundation
import LedgerCore

#if canImport(Glibc)
import Glibc
#endif

/// Where webhooks may go: HTTPS URLs whose host resolves only to public addresses
/// (`DestinationAddress`), checked when an endpoint is saved and again before every attempt,
/// since a name can be pointed elsewhere later (DNS rebinding). The attempt then connects to
/// the address checked, not to a second resolution (`Verdict.allowed(pinning:)`).
/// `allowedHosts` names hosts (`host` or `host:port`) exempt from the address check, for tests
/// and on-premises receivers.
public struct WebhookDestinationPolicy: Sendable {
    public var allowPlainHTTP = false
    public var allowedHosts: Set<String> = []

    public init(allowPlainHTTP: Bool = false, allowedHosts: Set<String> = []) {
        self.allowPlainHTTP = allowPlainHTTP
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    public enum Verdict: Sendable, Equatable {
        case refused(String)
        /// Fine; a host that was resolved and checked is to be reached at that address
        /// (`host` → `address`), so a second lookup cannot lead elsewhere.
        case allowed(pinning: (host: String, address: String)?)

        public static func == (lhs: Verdict, rhs: Verdict) -> Bool {
            switch (lhs, rhs) {
            case (.refused(let a), .refused(let b)): a == b
            case (.allowed(let a), .allowed(let b)): a?.host == b?.host && a?.address == b?.address
            default: false
            }
        }
    }

    /// Why `url` is no place to send webhooks to, or nil when it is fine.
    public func refusal(of url: String) async -> String? {
        if case .refused(let reason) = await verdict(on: url) { return reason }
        return nil
    }

    public func verdict(on url: String) async -> Verdict {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return .refused("must be an absolute http(s) URL") }
        switch scheme {
        case "https": break
        case "http" where allowPlainHTTP: break
        default: return .refused("must use https")
        }
        if components.user != nil || components.password != nil { return .refused("must not carry credentials") }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let bareHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if allowedHosts.contains(bareHost) || allowedHosts.contains("\(bareHost):\(port)") { return .allowed(pinning: nil) }
        if let literal = Self.literalAddress(bareHost) {
            if let reason = DestinationAddress.refusal(literal) { return .refused("its host '\(bareHost)' resolves to \(reason)") }
            return .allowed(pinning: nil)
        }
        let addresses = await Self.resolve(bareHost)
        guard let first = addresses.first else { return .refused("its host '\(bareHost)' does not resolve") }
        for address in addresses {
            if let reason = DestinationAddress.refusal(address) { return .refused("its host '\(bareHost)' resolves to \(reason)") }
        }
        return .allowed(pinning: (components.host ?? host, Self.text(of: first)))
    }

    /// `10.0.0.1`, `2001:db8::1`.
    static func text(of address: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = address.count == 4 ? AF_INET : AF_INET6
        _ = address.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
