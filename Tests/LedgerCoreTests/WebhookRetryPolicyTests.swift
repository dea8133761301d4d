import Foundation
import LedgerCore
import Testing

@Suite struct WebhookRetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = WebhookRetryPolicy()

    @Test func theDefaultScheduleCoversMoreThanADay() {
        #expect(policy.delays.reduce(0, +) >= 86_400)
        #expect(policy.delays.count == 7)
    }

    @Test(arguments: [200, 201, 204, 299])
    func anySuccessIsDelivered(status: Int) {
        #expect(policy.decision(afterAttempt: 3, statusCode: status, retryAfter: nil, now: now, random: 0.5) == .delivered)
    }

    @Test func goneStopsAtOnce() {
        #expect(policy.decision(afterAttempt: 1, statusCode: 410, retryAfter: nil, now: now, random: 0.5) == .gone)
    }

    @Test func failuresFollowTheScheduleWithJitter() {
        for (index, delay) in policy.delays.enumerated() {
            for status in [nil, 500, 404, 301] as [Int?] {
                guard case .retry(let at) = policy.decision(afterAttempt: index + 1, statusCode: status, retryAfter: nil, now: now, random: 0.5)
                else { Issue.record("attempt \(index + 1) should retry"); continue }
                #expect(at == now.addingTimeInterval(delay))
            }
            guard case .retry(let early) = policy.decision(afterAttempt: index + 1, statusCode: 503, retryAfter: nil, now: now, random: 0),
                case .retry(let late) = policy.decision(afterAttempt: index + 1, statusCode: 503, retryAfter: nil, now: now, random: 0.999_999)
            else { Issue.record("should retry"); continue }
            #expect(abs(early.timeIntervalSince(now) - delay * 0.9) < 0.001)
            #expect(abs(late.timeIntervalSince(now) - delay * 1.1) < delay * 1e-5)
        }
    }

    @Test func theLastFailureExhaustsTheDelivery() {
        #expect(policy.decision(afterAttempt: 8, statusCode: 500, retryAfter: nil, now: now, random: 0.5) == .exhausted)
    }

    @Test func retryAfterIsHonouredWithinItsBound() {
        #expect(policy.decision(afterAttempt: 1, statusCode: 429, retryAfter: 120, now: now, random: 0.5) == .retry(at: now.addingTimeInterval(120)))
        // Shorter than the schedule: the schedule wins.
        #expect(policy.decision(afterAttempt: 2, statusCode: 429, retryAfter: 1, now: now, random: 0.5) == .retry(at: now.addingTimeInterval(300)))
        #expect(policy.decision(afterAttempt: 1, statusCode: 503, retryAfter: 9e9, now: now, random: 0.5) == .retry(at: now.addingTimeInterval(86_400)))
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        #expect(WebhookRetryPolicy.retryAfterSeconds("120", now: now) == 120)
        #expect(WebhookRetryPolicy.retryAfterSeconds(" 7 ", now: now) == 7)
        #expect(WebhookRetryPolicy.retryAfterSeconds("-1", now: now) == nil)
        #expect(WebhookRetryPolicy.retryAfterSeconds("soon", now: now) == nil)
        let date = Date(timeIntervalSince1970: 1_800_000_090)
        #expect(WebhookRetryPolicy.retryAfterSeconds("Fri, 15 Jan 2027 08:01:30 GMT", now: now) == date.timeIntervalSince(now))
    }
}

@Suite struct DestinationAddressTests {
    @Test(arguments: [
        [127, 0, 0, 1], [10, 0, 0, 1], [172, 16, 0, 1], [172, 31, 255, 255], [192, 168, 1, 1], [169, 254, 169, 254],
        [100, 64, 0, 1], [100, 127, 255, 255], [0, 0, 0, 0], [224, 0, 0, 1], [255, 255, 255, 255], [192, 0, 2, 1],
    ] as [[UInt8]])
    func internalIPv4IsRefused(address: [UInt8]) {
        #expect(DestinationAddress.refusal(address) != nil)
    }

    @Test(arguments: [[8, 8, 8, 8], [172, 32, 0, 1], [100, 128, 0, 1], [1, 1, 1, 1], [93, 184, 216, 34]] as [[UInt8]])
    func publicIPv4IsAllowed(address: [UInt8]) {
        #expect(DestinationAddress.refusal(address) == nil)
    }

    static func v6(_ groups: [UInt16]) -> [UInt8] { groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] } }

    @Test func internalIPv6IsRefused() {
        for groups: [UInt16] in [
            [0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0], [0xfe80, 0, 0, 0, 0, 0, 0, 1], [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254],
            [0xfc00, 0, 0, 0, 0, 0, 0, 1], [0xff02, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1],
            [0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe], [0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1], [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1],
        ] {
            #expect(DestinationAddress.refusal(Self.v6(groups)) != nil, "\(groups)")
        }
    }

    @Test func publicIPv6IsAllowed() {
        #expect(DestinationAddress.refusal(Self.v6([0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111])) == nil)
        #expect(DestinationAddress.refusal(Self.v6([0, 0, 0, 0, 0, 0xffff, 0x0808, 0x0808])) == nil)
    }

    @Test func otherLengthsAreNotAddresses() {
        #expect(DestinationAddress.refusal([1, 2, 3]) != nil)
    }
}
