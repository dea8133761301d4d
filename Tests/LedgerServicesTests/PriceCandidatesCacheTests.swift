import LedgerCore
@testable import LedgerServices
import Synchronization
import Testing

@Suite struct PriceCandidatesCacheTests {
    let org = TenantScope(orgID: OrgID())
    final class Count: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var total: Int { value.withLock { $0 } }
    }

    let reads = Count()

    func lookUp(_ cache: PriceCandidatesCache, in scope: TenantScope? = nil, model: String = "gpt-4o", during: () -> Void = {})
        async throws
    {
        _ = try await cache.candidates(scope ?? org, provider: "openai", model: model) {
            reads.add()
            during()
            return PriceCandidates(definitions: [])
        }
    }

    @Test func keepsOnlyWhileListeningAndForgetsOnEveryChange() async throws {
        let cache = PriceCandidatesCache()
        try await lookUp(cache)
        try await lookUp(cache)
        #expect(reads.total == 2, "not listening: a change could go unheard")
        cache.listening(true)
        try await lookUp(cache)
        try await lookUp(cache)
        #expect(reads.total == 3, "kept")
        try await lookUp(cache, in: TenantScope(orgID: OrgID()))
        try await lookUp(cache, model: "gpt-4o-mini")
        #expect(reads.total == 5, "per organization and model")
        cache.pricesChanged()
        try await lookUp(cache)
        #expect(reads.total == 6, "a change empties it")
        cache.listening(false)
        try await lookUp(cache)
        try await lookUp(cache)
        #expect(reads.total == 8, "stopped listening: nothing kept")
    }

    @Test func aReadThatAChangeOvertookIsNotKept() async throws {
        let cache = PriceCandidatesCache()
        cache.listening(true)
        try await lookUp(cache, during: { cache.pricesChanged() })
        try await lookUp(cache)
        #expect(reads.total == 2)
        try await lookUp(cache)
        #expect(reads.total == 2)
    }

    @Test func fullTheOrganizationThatKeepsTheMostForgetsItsOwn() async throws {
        let cache = PriceCandidatesCache(capacity: 2)
        cache.listening(true)
        for model in ["a", "b", "c", "a"] { try await lookUp(cache, model: model) }
        #expect(reads.total == 4, "a was forgotten when c came")
        try await lookUp(cache, model: "c")
        #expect(reads.total == 4)
    }

    /// One organization sending ever new model names must not make every other organization
    /// read its prices again.
    @Test func oneOrganizationsManyModelsPushOutOnlyItsOwn() async throws {
        let cache = PriceCandidatesCache(capacity: 4)
        cache.listening(true)
        try await lookUp(cache)
        let flooding = TenantScope(orgID: OrgID())
        for index in 0..<20 { try await lookUp(cache, in: flooding, model: "model-\(index)") }
        #expect(reads.total == 21)
        try await lookUp(cache)
        #expect(reads.total == 21, "kept through the other organization's flood")
        try await lookUp(cache, in: flooding, model: "model-19")
        #expect(reads.total == 21, "the flood keeps its latest")
    }
}
