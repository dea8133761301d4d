import Foundation
import LedgerCore
import Testing

@Suite struct UUIDTests {
    @Test func randomUUIDsAreVersionFourOfTheRFCVariantAndDistinct() {
        let made = (0..<2000).map { _ in UUID.random() }
        #expect(Set(made).count == made.count)
        for uuid in made {
            let text = uuid.uuidString
            #expect(Array(text)[14] == "4", "version nibble of \(text)")
            #expect("89AB".contains(Array(text)[19]), "variant nibble of \(text)")
        }
        // Every other bit varies: OR-ing many of them leaves no fixed zero outside the fixed nibbles.
        let bits = made.map { withUnsafeBytes(of: $0.uuid) { Array($0) } }
            .reduce(into: [UInt8](repeating: 0, count: 16)) { sum, bytes in for i in 0..<16 { sum[i] |= bytes[i] } }
        #expect(bits[6] == 0x4F && bits[8] == 0xBF && bits.enumerated().allSatisfy { [6, 8].contains($0.offset) || $0.element == 0xFF })
    }

    @Test func lowercasedTextIsFoundationsTextInLowerCase() {
        let fixed = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                     UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        for uuid in fixed + (0..<1000).map({ _ in UUID.random() }) {
            #expect(uuid.lowercasedText == uuid.uuidString.lowercased())
        }
    }
}
