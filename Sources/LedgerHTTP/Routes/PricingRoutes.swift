import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices
import OpenAPIKit

extension Endpoint where Input == NoInput, Query == PriceListQuery, Output == ListResponse<PriceDefinitionBody> {
    static let listPrices = Endpoint(
        .get, "/api/v1/pricing", operationID: "listPrices", tag: "Pricing",
        summary: "Global catalog prices and the organization's own, filterable by provider, model and date",
        access: .permission(Permission(.pricing, .read)))
}

public struct PriceListQuery: APIQuery {
    static let provider = QueryParameter.text("provider", "Only this provider")
    static let model = QueryParameter.text("model", "Only this exact model")
    static let at = QueryParameter.date("at", "Only definitions valid at this time (RFC 3339)")
    public static let parameters: [any DeclaredQueryParameter] = [provider, model, at] + CursorPageQuery.parameters

    let filter: PriceFilter
    let page: PageRequest

    public init(_ query: QueryValues) throws {
        filter = PriceFilter(provider: try query[Self.provider], model: try query[Self.model], validAt: try query[Self.at])
        page = try PagingParameters.pageRequest(query)
    }
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == PriceDefinitionBody {
    static let getPrice = Endpoint(
        .get, "/api/v1/pricing/{id}", operationID: "getPrice", tag: "Pricing", summary: "One price definition",
        access: .permission(Permission(.pricing, .read)), parameters: [.path("id", "Price definition id")])
}

extension Endpoint where Input == PriceDefinitionRequest, Query == NoQuery, Output == PriceDefinitionBody {
    static let createPrice = Endpoint(
        .post, "/api/v1/pricing", operationID: "createPrice", tag: "Pricing",
        summary: "Add an organization price (negotiated rate); it wins over the global catalog",
        access: .permission(Permission(.pricing, .write)), success: .created)

    static let replacePrice = Endpoint(
        .put, "/api/v1/pricing/{id}", operationID: "replacePrice", tag: "Pricing",
        summary: "Replace one of the organization's prices (global prices are read-only)",
        access: .permission(Permission(.pricing, .write)), parameters: [.path("id", "Price definition id")])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == NoContent {
    static let deletePrice = Endpoint(
        .delete, "/api/v1/pricing/{id}", operationID: "deletePrice", tag: "Pricing",
        summary: "Delete one of the organization's prices", access: .permission(Permission(.pricing, .delete)),
        parameters: [.path("id", "Price definition id")], success: .noContent)
}

extension Endpoint where Input == QuoteRequest, Query == NoQuery, Output == QuoteResponse {
    static let quotePrice = Endpoint(
        .post, "/api/v1/pricing/quote", operationID: "quotePrice", tag: "Pricing",
        summary: "Price a hypothetical usage exactly as ingest would", access: .permission(Permission(.pricing, .read)),
        errors: [.notFound])
}

public struct PricingRoutes: Sendable {
    let pricing: PricingService

    public init(pricing: PricingService) {
        self.pricing = pricing
    }

    public func register(in api: inout APIRegistry) {
        api.route(.listPrices) { request, caller in
            let page = try await pricing.list(caller.scope, filter: request.query.filter, page: request.query.page)
            return ListResponse(page, PriceDefinitionBody.init)
        }
        api.route(.getPrice) { request, caller in
            PriceDefinitionBody(try await pricing.get(caller.scope, id: try request.id()))
        }
        api.route(.createPrice) { request, caller in
            PriceDefinitionBody(try await pricing.create(
                try request.input.definition(id: PriceDefinitionID()), by: caller.principal, origin: caller.origin))
        }
        api.route(.replacePrice) { request, caller in
            PriceDefinitionBody(try await pricing.replace(
                try request.input.definition(id: try request.id()), by: caller.principal,
                origin: caller.origin))
        }
        api.route(.deletePrice) { request, caller in
            try await pricing.delete(try request.id(), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(.quotePrice) { request, caller in
            let input = request.input
            let buckets = try input.usage.normalized()
            guard let quote = try await pricing.quote(
                caller.scope, provider: input.provider, model: input.model, usage: buckets, serviceTier: input.serviceTier,
                at: input.at ?? Date())
            else { throw LedgerError.notFound(resource: "Price for model '\(input.model)'") }
            return QuoteResponse(
                model: input.model, buckets: BucketsBody(buckets), cost: CostBody(quote.cost),
                priceDefinition: PriceDefinitionBody(quote.definition))
        }
    }
}
