import Foundation
import LedgerCore
import LedgerServices
public import OpenAPIKit

/// A record of a batch that may fail to decode on its own without failing the batch.
struct LenientRecord: Codable, Sendable {
    var result: Result<UsageRecordBody, LedgerError>

    init(from decoder: any Decoder) throws {
        let issues: [FieldIssue]
        do {
            result = .success(try UsageRecordBody(from: decoder))
            return
        } catch let error as DecodingError {
            guard case .fields(let found) = RequestDecodingError(error, body: Data()) else {
                result = .failure(.validation([FieldIssue(field: "body", message: "is not a usage record")]))
                return
            }
            issues = found
        } catch {
            // A number that does not fit its field (see `NumberProbe`).
            issues = (try? NumberProbe(from: decoder).issues) ?? []
            guard !issues.isEmpty else { throw error }
        }
        // The paths are relative to the batch body; keep the part inside the record.
        result = .failure(.validation(issues.map { issue in
            let inside = issue.field.replacing(/^events\[\d+\]\.?/, with: "")
            return FieldIssue(field: inside.isEmpty ? "record" : inside, message: issue.message)
        }))
    }

    init(_ record: UsageRecordBody) {
        result = .success(record)
    }

    func encode(to encoder: any Encoder) throws {
        if case .success(let record) = result { try record.encode(to: encoder) }
    }
}

public struct IngestBatchRequest: APISchema, APIInput {
    var events: [LenientRecord]

    public static var schema: JSONSchema {
        .object(properties: [
            // Any item is taken: each is judged on its own (a record that is not valid is
            // rejected in the results, not the whole batch), so the items are described, not constrained.
            "events": .array(
                description: "Up to the configured limit (default 10,000) records, each as POST /api/v1/usage takes one (UsageRecord); each is accepted, duplicate or rejected on its own",
                minItems: 1, items: .fragment(.init()))
        ])
    }
    public static let samples = [IngestBatchRequest(events: [LenientRecord(UsageRecordBody.sample)])]
}

public struct BatchResultBody: Codable, Sendable {
    var index: Int
    var status: String
    var id: UsageEventID?
    var error: ErrorResponse.Body?

    init(index: Int, status: String, id: UsageEventID?, error: ErrorResponse.Body?) {
        self.index = index
        self.status = status
        self.id = id
        self.error = error
    }

    init(index: Int, _ outcome: UsageService.Outcome, requestID: String) {
        switch outcome {
        case .accepted(let event): self.init(index: index, status: "accepted", id: event.id, error: nil)
        case .duplicate(let event): self.init(index: index, status: "duplicate", id: event.id, error: nil)
        case .rejected(let error):
            let problem = HTTPProblem(error)
            self.init(
                index: index, status: "rejected", id: nil,
                error: .init(code: problem.code, message: problem.message, details: problem.details, requestID: requestID))
        }
    }

    static var schema: JSONSchema {
        .object(properties: [
            "index": .integer, "status": .string(allowedValues: "accepted", "duplicate", "rejected"),
            "id": Schemas.optionalUUID,
            "error": .object(required: false, description: "Why the record was rejected, in the standard error shape"),
        ])
    }
}

public struct IngestBatchResponse: APISchema, APIOutput {
    var accepted: Int
    var duplicates: Int
    var rejected: Int
    var results: [BatchResultBody]

    public static var schema: JSONSchema {
        .object(properties: [
            "accepted": .integer, "duplicates": .integer, "rejected": .integer, "results": .array(items: BatchResultBody.schema),
        ])
    }
    public static let samples = [
        IngestBatchResponse(
            accepted: 1, duplicates: 0, rejected: 1,
            results: [
                BatchResultBody(index: 0, status: "accepted", id: UsageEventBody.sample.id, error: nil),
                BatchResultBody(
                    index: 1, status: "rejected", id: nil,
                    error: .init(code: "VALIDATION_FAILED", message: "Invalid field 'model': must be 1 to 200 characters",
                                 details: nil, requestID: "r-1")),
            ])
    ]
}
