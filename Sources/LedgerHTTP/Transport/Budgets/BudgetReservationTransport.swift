import Foundation
import LedgerCore
import LedgerServices
public import OpenAPIKit

/// A spend to hold: the check's fields and how long to hold it.
public struct BudgetReservationRequest: APISchema, APIInput {
    var spend: BudgetCheckRequest
    var holdSeconds: Int?

    private enum CodingKeys: String, CodingKey { case holdSeconds }

    init(spend: BudgetCheckRequest, holdSeconds: Int?) {
        self.spend = spend
        self.holdSeconds = holdSeconds
    }

    public init(from decoder: any Decoder) throws {
        spend = try BudgetCheckRequest(from: decoder)
        holdSeconds = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .holdSeconds)
    }

    public func encode(to encoder: any Encoder) throws {
        try spend.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(holdSeconds, forKey: .holdSeconds)
    }

    public static var schema: JSONSchema {
        var properties = BudgetCheckRequest.properties
        properties["hold_seconds"] = .integer(
            required: false, description: "How long the hold lasts unless settled or released (default 600)",
            maximum: (Int(BudgetReservation.maximumHold), exclusive: false), minimum: (1, exclusive: false))
        return .object(properties: properties)
    }
    public static let samples = [BudgetReservationRequest(spend: BudgetCheckRequest.samples[0], holdSeconds: 120)]
}

public struct BudgetReservationBody: APISchema, APIOutput {
    var id: BudgetReservationID
    var status: BudgetReservation.Status
    var amountUSD: String
    var settledUSD: String?
    var budgetIds: [BudgetID]
    var expiresAt: Date
    var createdAt: Date

    init(_ reservation: BudgetReservation) {
        id = reservation.id
        status = reservation.status
        amountUSD = reservation.amountNanos.usdString(decimals: 9)
        settledUSD = reservation.settledNanos?.usdString(decimals: 9)
        budgetIds = reservation.budgetIDs
        expiresAt = reservation.expiresAt
        createdAt = reservation.createdAt
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "status": Schemas.enumeration(BudgetReservation.Status.self), "amount_usd": .string,
            "settled_usd": .string(required: false, description: "The actual cost given at settlement"),
            "budget_ids": .array(description: "The block budgets it is held against", items: Schemas.uuid),
            "expires_at": Schemas.dateTime, "created_at": Schemas.dateTime,
        ])
    }
    public static let samples = [
        BudgetReservationBody(BudgetReservation(
            id: BudgetReservationID("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a")!, orgID: OrganizationBody.sample.id,
            budgetIDs: [BudgetBody.sampleBudget.id], amountNanos: 250_000_000, status: .held, settledNanos: nil,
            expiresAt: Date(timeIntervalSince1970: 1_790_000_600), createdAt: Date(timeIntervalSince1970: 1_790_000_000)))
    ]
}

public struct SettleReservationRequest: APISchema, APIInput {
    var actualUSD: USDAmount

    var actualNanos: NanoUSD {
        get throws(LedgerError) {
            guard let nanos = actualUSD.nanos else {
                throw .validation([FieldIssue(field: "actual_usd", message: "must be \(USDAmount.range)")])
            }
            return nanos
        }
    }

    public static var schema: JSONSchema {
        .object(properties: ["actual_usd": USDAmount.schema(required: true, description: "What the call actually cost")])
    }
    public static let samples = [SettleReservationRequest(actualUSD: USDAmount(nanos: 180_000_000))]
}
