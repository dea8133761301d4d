import Foundation
public import LedgerCore

/// One product's names for the analytics filters, translated into the canonical ones. Each
/// product the API was specified from has its own adapter, declared beside its parameters, so
/// the canonical query keeps its own names and an unknown name still answers 400.
protocol SeedQueryAdapter: Sendable {
    static var parameters: [any DeclaredQueryParameter] { get }
    /// `filter`, read from the canonical parameters, with this product's parameters applied.
    static func adapt(_ filter: inout UsageFilter, from query: QueryValues, now: Date) throws
}

/// The analytics reads (`costs/aggregate`, `usage/stats`): the usage filters and every
/// product's names for them.
enum AnalyticsFilterParameters {
    static let adapters: [any SeedQueryAdapter.Type] = [LLMScopeQuery.self, CostKatanaQuery.self, TokenOptimizerQuery.self]
    static let parameters = UsageFilterParameters.parameters + adapters.flatMap { $0.parameters }

    static func filter(_ query: QueryValues, now: Date = Date()) throws -> UsageFilter {
        var filter = try UsageFilterParameters.filter(query)
        for adapter in adapters { try adapter.adapt(&filter, from: query, now: now) }
        return filter
    }

    /// The start a product states in its own way, where the caller stated none in ours (both
    /// at once is ambiguous: 400 naming them).
    static func start(_ start: Date, _ name: String, in filter: inout UsageFilter) throws(LedgerError) {
        guard filter.range.start == nil else {
            throw .badRequest(code: "INVALID_DATE_RANGE", message: "\(name) states the start again: send it or start_date, not both")
        }
        filter.range = try DateRange(start: start, end: filter.range.end, names: (name, "end_date"))
    }
}

/// The usage filters as the analytics reads take them.
public struct AnalyticsFilterQuery: APIQuery {
    public static let parameters = AnalyticsFilterParameters.parameters
    public let filter: UsageFilter

    public init(_ query: QueryValues) throws {
        filter = try AnalyticsFilterParameters.filter(query)
    }
}
