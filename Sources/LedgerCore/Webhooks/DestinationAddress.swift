/// Whether a webhook may be sent to an address: loopback, private, link-local (cloud metadata
/// services live there: 169.254.169.254, fd00:ec2::254), carrier-grade NAT, unspecified,
/// multicast, broadcast and documentation ranges are refused, for IPv4 and IPv6 alike
/// (IPv4-mapped and NAT64 IPv6 addresses are judged as the IPv4 address they carry).
public enum DestinationAddress {
    /// Why `bytes` (4 for IPv4, 16 for IPv6) is no place to send to, or nil when it is public.
    public static func refusal(_ bytes: [UInt8]) -> String? {
        switch bytes.count {
        case 4: return ipv4Refusal(bytes)
        case 16: return ipv6Refusal(bytes)
        default: return "not an IP address"
        }
    }

    private static func ipv4Refusal(_ b: [UInt8]) -> String? {
        switch (b[0], b[1]) {
        case (0, _): return "an unspecified address"
        case (10, _), (172, 16...31), (192, 168): return "a private address"
        case (127, _): return "a loopback address"
        case (169, 254): return "a link-local address (cloud metadata lives there)"
        case (100, 64...127): return "a carrier-grade NAT address"
        case (192, 0) where b[2] == 0 || b[2] == 2, (198, 51) where b[2] == 100, (203, 0) where b[2] == 113:
            return "a reserved or documentation address"
        case (198, 18...19): return "a benchmarking address"
        case (224...255, _): return "a multicast, reserved or broadcast address"
        default: return nil
        }
    }

    private static func ipv6Refusal(_ b: [UInt8]) -> String? {
        let zeroPrefix = b[0..<10].allSatisfy { $0 == 0 }
        if zeroPrefix, b[10] == 0xff, b[11] == 0xff { return ipv4Refusal(Array(b[12...])) }
        // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes.
        if b[0...3] == [0x00, 0x64, 0xff, 0x9b], b[4..<12].allSatisfy({ $0 == 0 }) { return ipv4Refusal(Array(b[12...])) }
        if zeroPrefix, b[10...14].allSatisfy({ $0 == 0 }) {
            switch b[15] {
            case 0: return "an unspecified address"
            case 1: return "a loopback address"
            default: return "an IPv4-compatible address"
            }
        }
        switch b[0] {
        case 0xfc, 0xfd: return "a private (unique local) address"
        case 0xfe where b[1] & 0xc0 == 0x80: return "a link-local address"
        case 0xfe where b[1] & 0xc0 == 0xc0: return "a site-local address"
        case 0xff: return "a multicast address"
        case 0x20 where b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8: return "a documentation address"
        default: return nil
        }
    }
}
