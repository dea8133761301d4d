import LedgerAuth
import Testing

@Suite struct APIKeySecretTests {
    @Test func aGeneratedKeyParsesBackToItsPrefix() throws {
        for _ in 0..<50 {
            let key = APIKeySecret.generate()
            let parsed = try #require(APIKeySecret(parsing: key.plaintext))
            #expect(parsed == key)
        }
    }

    @Test func onlyTheExactShapeParses() {
        let secret = String(repeating: "aZ0-_", count: 8) + "abc"
        #expect(APIKeySecret(parsing: "tl_k7m2p9qa_\(secret)")?.prefix == "k7m2p9qa")
        for bad in [
            "tl_k7m2p9qa_\(secret)x", "tl_k7m2p9q_\(secret)", "TL_k7m2p9qa_\(secret)", "tl-k7m2p9qa_\(secret)",
            "tl_K7m2p9qa_\(secret)", "tl_k7m2p9qa_\(secret.dropLast())=", "tl_k7m2p9qa_\(secret.dropLast())é", "",
        ] {
            #expect(APIKeySecret(parsing: bad) == nil, "\(bad)")
        }
    }
}
