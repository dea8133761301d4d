import Foundation
@testable import LedgerApp
import Logging
import Testing

@Suite struct LineLogHandlerTests {
    let event = LogEvent(
        level: .warning, message: "budget evaluation failed", metadata: ["org_id": "o-1"], source: "LedgerServices",
        file: #fileID, function: #function, line: #line)

    @Test func aTextLineIsStreamLogHandlersLineWithEveryKeySorted() throws {
        var handler = LineLogHandler(label: "tokenledger", format: .text, logLevel: .info)
        handler[metadataKey: "request_id"] = "r-1"
        handler[metadataKey: "attempt"] = "2"
        let line = String(decoding: handler.line(for: event, with: handler.metadata.merging(event.metadata!) { $1 }), as: UTF8.self)
        let expected = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4} warning tokenledger: attempt=2 org_id=o-1 request_id=r-1 \[LedgerServices\] budget evaluation failed\n$/
        #expect(line.wholeMatch(of: expected) != nil, "\(line)")
        let bare = String(decoding: handler.line(for: event, with: [:]), as: UTF8.self)
        #expect(bare.hasSuffix(" warning tokenledger: [LedgerServices] budget evaluation failed\n"), "\(bare)")
    }

    @Test func aJSONLineHoldsTheMetadataBesideTimeLevelMessageAndLogger() throws {
        let handler = LineLogHandler(label: "tokenledger", format: .json, logLevel: .info)
        let line = handler.line(for: event, with: ["request_id": "r-1", "org_id": "o-1"])
        #expect(line.last == 0x0A)
        let fields = try #require(try JSONSerialization.jsonObject(with: line) as? [String: String])
        #expect(fields["request_id"] == "r-1" && fields["org_id"] == "o-1")
        #expect(fields["level"] == "warning" && fields["message"] == "budget evaluation failed" && fields["logger"] == "tokenledger")
        #expect(fields["time"].flatMap { try? Date($0, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) } != nil)
    }
}
