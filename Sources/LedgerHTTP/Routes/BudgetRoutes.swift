import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

/// The budget and reservation endpoints, declared from two `ResourceEndpoints`.
enum BudgetAPI {
    static let budgets = ResourceEndpoints<BudgetEntity>("/api/v1/budgets", tag: "Budgets", permission: .budget, operationName: "Budget")
    static let create: Endpoint<BudgetInput, NoQuery, BudgetAnswer> = budgets.create(
        "Create a budget (limit_usd or CostLLM's budget_limit required)")
    static let list: Endpoint<NoInput, CursorPageQuery, ListResponse<BudgetAnswer>> = budgets.list("List the organization's budgets")
    static let get: Endpoint<NoInput, NoQuery, BudgetAnswer> = budgets.get("One budget")
    static let replace: Endpoint<BudgetInput, NoQuery, BudgetAnswer> = budgets.change(.put, "Update a budget (the fields sent; CostLLM's PUT)")
    static let update: Endpoint<BudgetInput, NoQuery, BudgetAnswer> = budgets.change(.patch, "Change some of a budget's fields")
    static let delete = budgets.delete("Delete a budget")
    static let status: Endpoint<NoInput, NoQuery, BudgetStatusBody> = budgets.action(
        .get, "status", operationID: "budgetStatus", summary: "Spend in the current period, what is left, the projection and the state",
        needs: .read)
    static let check = Endpoint<BudgetCheckRequest, NoQuery, BudgetCheckBody>(
        .post, "/api/v1/budgets/check", operationID: "checkBudgets", tag: "Budgets",
        summary: "Would a spend of this amount in this scope be allowed by every budget it falls in?",
        access: .permission(Permission(.budget, .read)))

    /// Reservations are made with usage permissions: an integration holds spend before a call.
    static let reservations = ResourceEndpoints<BudgetReservationEntity>(
        "/api/v1/budgets/reservations", tag: "Budgets", permission: .usage, operationName: "BudgetReservation")
    static let reserve = Endpoint<BudgetReservationRequest, NoQuery, BudgetReservationBody>(
        .post, reservations.collection, operationID: "reserveBudget", tag: "Budgets",
        summary: "Hold an estimated spend against the block budgets it falls in, before making the call (402 when one would pass its limit)",
        access: .permission(Permission(.usage, .write)), success: .created, errors: [.limitReached])
    static let reservation: Endpoint<NoInput, NoQuery, BudgetReservationBody> = reservations.get("One reservation")
    static let release: Endpoint<NoInput, NoQuery, BudgetReservationBody> = reservations.action(
        .post, "release", operationID: "releaseBudgetReservation", summary: "End a hold whose call was not made", needs: .write,
        errors: [.conflict])
    static let settle: Endpoint<SettleReservationRequest, NoQuery, BudgetReservationBody> = reservations.action(
        .post, "settle", operationID: "settleBudgetReservation", summary: "End a hold with the call's actual cost (record its usage first)",
        needs: .write, errors: [.conflict])
}

public struct BudgetRoutes: Sendable {
    let budgets: BudgetService

    public init(budgets: BudgetService) {
        self.budgets = budgets
    }

    public func register(in api: inout APIRegistry) {
        api.route(BudgetAPI.create) { request, caller in
            BudgetAnswer(try await budgets.create(try request.input.draft, by: caller.principal, origin: caller.origin))
        }
        api.route(BudgetAPI.list) { request, caller in
            ListResponse(try await budgets.list(caller.scope, page: request.query.page), BudgetAnswer.init)
        }
        api.route(BudgetAPI.get) { request, caller in
            BudgetAnswer(try await budgets.get(caller.scope, id: try request.id()))
        }
        for endpoint in [BudgetAPI.replace, BudgetAPI.update] {
            api.route(endpoint) { request, caller in
                BudgetAnswer(try await budgets.update(
                    try request.id(), try request.input.draft, by: caller.principal, origin: caller.origin))
            }
        }
        api.route(BudgetAPI.delete) { request, caller in
            try await budgets.delete(try request.id(), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(BudgetAPI.status) { request, caller in
            let (budget, status) = try await budgets.status(caller.scope, id: try request.id())
            return BudgetStatusBody(budget: budget, status: status)
        }
        api.route(BudgetAPI.check) { request, caller in
            BudgetCheckBody(try await budgets.check(try request.input.spend, by: caller.principal))
        }
        api.route(BudgetAPI.reserve) { request, caller in
            BudgetReservationBody(try await budgets.reserve(
                try request.input.spend.spend, holdSeconds: request.input.holdSeconds, by: caller.principal))
        }
        api.route(BudgetAPI.reservation) { request, caller in
            BudgetReservationBody(try await budgets.reservation(caller.scope, id: try request.id()))
        }
        api.route(BudgetAPI.settle) { request, caller in
            BudgetReservationBody(try await budgets.end(
                try request.id(), as: .settled, actualNanos: try request.input.actualNanos,
                in: caller.scope))
        }
        api.route(BudgetAPI.release) { request, caller in
            BudgetReservationBody(try await budgets.end(try request.id(), as: .released, in: caller.scope))
        }
    }
}
