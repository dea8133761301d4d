import LedgerServices
import Testing

@Suite struct WebhookSecretTests {
    /// The example of the Standard Webhooks specification.
    @Test func signsAsTheStandardWebhooksExample() {
        let header = WebhookSecret.signatureHeader(
            messageID: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: #"{"test": 2432232314}"#,
            secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func signsWithEverySecretDuringARotation() {
        let old = WebhookSecret.generate()
        let new = WebhookSecret.generate()
        let both = WebhookSecret.signatureHeader(messageID: "msg_1", timestamp: 1, body: "{}", secrets: [new, old])
        let alone = [new, old].map { WebhookSecret.signatureHeader(messageID: "msg_1", timestamp: 1, body: "{}", secrets: [$0]) }
        #expect(both == alone.joined(separator: " "))
        #expect(alone[0] != alone[1])
    }

    @Test func generatedSecretsAreThirtyTwoRandomBytes() {
        let secret = WebhookSecret.generate()
        #expect(secret.hasPrefix("whsec_"))
        #expect(secret.count == 6 + 44)
        #expect(secret != WebhookSecret.generate())
    }
}
