import LedgerCore
import Testing

@Suite struct BoundedMemoTests {
    @Test func aFullMemoStartsAfreshSoNewKeysAreRememberedAgain() {
        let memo = BoundedMemo<Int, String>(capacity: 2)
        memo.remember("one", for: 1)
        memo.remember("two", for: 2)
        #expect(memo.value(for: 1) == "one")
        memo.remember("three", for: 3)
        #expect(memo.value(for: 3) == "three")
        #expect(memo.value(for: 1) == nil)
        #expect(memo.value(for: 2) == nil)
    }
}
