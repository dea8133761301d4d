import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

private let budgetID = EndpointParameter.path("id", "Budget id")

extension Endpoint where Input == BudgetRequest, Query == NoQuery, Output == BudgetBody {
    static let createBudget = Endpoint(
        .post, "/api/v1/budgets", operationID: "createBudget", tag: "Budgets",
        summary: "Create a budget (limit_usd or CostLLM's budget_limit required)", access: .permission(Permission(.budget, .write)),
        success: .created)

    static let replaceBudget = Endpoint(
        .put, "/api/v1/budgets/{id}", operationID: "replaceBudget", tag: "Budgets",
        summary: "Update a budget (the fields sent; CostLLM's PUT)", access: .permission(Permission(.budget, .write)),
        parameters: [budgetID])

    static let updateBudget = Endpoint(
        .patch, "/api/v1/budgets/{id}", operationID: "updateBudget", tag: "Budgets", summary: "Change some of a budget's fields",
        access: .permission(Permission(.budget, .write)), parameters: [budgetID])
}

extension Endpoint where Input == NoInput, Query == CursorPageQuery, Output == ListResponse<BudgetBody> {
    static let listBudgets = Endpoint(
        .get, "/api/v1/budgets", operationID: "listBudgets", tag: "Budgets", summary: "List the organization's budgets",
        access: .permission(Permission(.budget, .read)))
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == BudgetBody {
    static let getBudget = Endpoint(
        .get, "/api/v1/budgets/{id}", operationID: "getBudget", tag: "Budgets", summary: "One budget",
        access: .permission(Permission(.budget, .read)), parameters: [budgetID])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == NoContent {
    static let deleteBudget = Endpoint(
        .delete, "/api/v1/budgets/{id}", operationID: "deleteBudget", tag: "Budgets", summary: "Delete a budget",
        access: .permission(Permission(.budget, .delete)), parameters: [budgetID], success: .noContent)
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == BudgetStatusBody {
    static let budgetStatus = Endpoint(
        .get, "/api/v1/budgets/{id}/status", operationID: "budgetStatus", tag: "Budgets",
        summary: "Spend in the current period, what is left, the projection and the state",
        access: .permission(Permission(.budget, .read)), parameters: [budgetID])
}

extension Endpoint where Input == BudgetCheckRequest, Query == NoQuery, Output == BudgetCheckBody {
    static let checkBudgets = Endpoint(
        .post, "/api/v1/budgets/check", operationID: "checkBudgets", tag: "Budgets",
        summary: "Would a spend of this amount in this scope be allowed by every budget it falls in?",
        access: .permission(Permission(.budget, .read)))
}

private let reservationID = EndpointParameter.path("id", "Budget reservation id")

extension Endpoint where Input == BudgetReservationRequest, Query == NoQuery, Output == BudgetReservationBody {
    static let reserveBudget = Endpoint(
        .post, "/api/v1/budgets/reservations", operationID: "reserveBudget", tag: "Budgets",
        summary: "Hold an estimated spend against the block budgets it falls in, before making the call (402 when one would pass its limit)",
        access: .permission(Permission(.usage, .write)), success: .created, errors: [.limitReached])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == BudgetReservationBody {
    static let getBudgetReservation = Endpoint(
        .get, "/api/v1/budgets/reservations/{id}", operationID: "getBudgetReservation", tag: "Budgets",
        summary: "One reservation", access: .permission(Permission(.usage, .read)), parameters: [reservationID])

    static let releaseBudgetReservation = Endpoint(
        .post, "/api/v1/budgets/reservations/{id}/release", operationID: "releaseBudgetReservation", tag: "Budgets",
        summary: "End a hold whose call was not made", access: .permission(Permission(.usage, .write)),
        parameters: [reservationID], errors: [.conflict])
}

extension Endpoint where Input == SettleReservationRequest, Query == NoQuery, Output == BudgetReservationBody {
    static let settleBudgetReservation = Endpoint(
        .post, "/api/v1/budgets/reservations/{id}/settle", operationID: "settleBudgetReservation", tag: "Budgets",
        summary: "End a hold with the call's actual cost (record its usage first)", access: .permission(Permission(.usage, .write)),
        parameters: [reservationID], errors: [.conflict])
}

public struct BudgetRoutes: Sendable {
    let budgets: BudgetService

    public init(budgets: BudgetService) {
        self.budgets = budgets
    }

    public func register(in api: inout APIRegistry) {
        api.route(.createBudget) { request, caller in
            BudgetBody(try await budgets.create(try request.input.draft, by: caller.principal, origin: caller.origin))
        }
        api.route(.listBudgets) { request, caller in
            ListResponse(try await budgets.list(caller.scope, page: request.query.page), BudgetBody.init)
        }
        api.route(.getBudget) { request, caller in
            BudgetBody(try await budgets.get(caller.scope, id: try request.id("id", of: "budget")))
        }
        for endpoint in [Endpoint.replaceBudget, .updateBudget] {
            api.route(endpoint) { request, caller in
                BudgetBody(try await budgets.update(
                    try request.id("id", of: "budget"), try request.input.draft, by: caller.principal, origin: caller.origin))
            }
        }
        api.route(.deleteBudget) { request, caller in
            try await budgets.delete(try request.id("id", of: "budget"), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(.budgetStatus) { request, caller in
            let (budget, status) = try await budgets.status(caller.scope, id: try request.id("id", of: "budget"))
            return BudgetStatusBody(budget: budget, status: status)
        }
        api.route(.checkBudgets) { request, caller in
            BudgetCheckBody(try await budgets.check(try request.input.spend, by: caller.principal))
        }
        api.route(.reserveBudget) { request, caller in
            BudgetReservationBody(try await budgets.reserve(
                try request.input.spend.spend, holdSeconds: request.input.holdSeconds, by: caller.principal))
        }
        api.route(.getBudgetReservation) { request, caller in
            BudgetReservationBody(try await budgets.reservation(caller.scope, id: try request.id("id", of: "budget reservation")))
        }
        api.route(.settleBudgetReservation) { request, caller in
            BudgetReservationBody(try await budgets.end(
                try request.id("id", of: "budget reservation"), as: .settled, actualNanos: try request.input.actualNanos,
                in: caller.scope))
        }
        api.route(.releaseBudgetReservation) { request, caller in
            BudgetReservationBody(try await budgets.end(try request.id("id", of: "budget reservation"), as: .released, in: caller.scope))
        }
    }
}
