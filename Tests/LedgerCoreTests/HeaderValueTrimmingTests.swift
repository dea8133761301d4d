import LedgerCore
import Testing

@Suite struct HeaderValueTrimmingTests {
    @Test(arguments: [
        ("  token ", "token"), ("\ttoken\t", "token"), ("to ken", "to ken"), ("token", "token"), ("   ", ""), ("", ""),
    ])
    func spacesAndTabsAroundTheValueGo(raw: String, trimmed: String) {
        #expect(raw.trimmingHeaderWhitespace() == trimmed)
    }

    @Test func otherWhitespaceIsPartOfTheValue() {
        // A newline or a no-break space is not optional whitespace in a header: a token that
        // carries one must fail verification rather than be quietly repaired.
        #expect("\ntoken\u{A0}".trimmingHeaderWhitespace() == "\ntoken\u{A0}")
    }
}
