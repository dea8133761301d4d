import Foundation
import HTTPTypes
@testable import LedgerHTTP
import LedgerCore
@testable import LedgerServices
import LedgerTestSupport
import Testing

/// The alert-rule endpoints through HTTP with the typed client: bodies are wire values.
@Suite struct AlertRuleAPITests {
    @Test func aRuleIsCreatedReadChangedAndDeletedAndA404NamesTheResource() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let created = try await client.call(
                    AlertRuleAPI.create,
                    body: AlertRuleDraft(name: "Spend", condition: .costPerDay, threshold: 25, cooldownMinutes: 30), token: token)
                #expect(created.status == .created)
                let rule = try created.value()
                #expect(rule.windowMinutes == 1440 && rule.cooldownMinutes == 30 && rule.comparison == .gt)

                let changed = try await client.call(
                    AlertRuleAPI.replace, id: rule.id, body: AlertRuleDraft(threshold: 40, enabled: false), token: token)
                #expect(try changed.value().threshold == 40 && !(try changed.value().enabled) && (try changed.value().name) == "Spend")

                let refused = try await client.call(
                    AlertRuleAPI.replace, id: rule.id, body: AlertRuleDraft(windowMinutes: 0), token: token)
                #expect(refused.status == .unprocessableContent)
                #expect(try refused.error().message == "Invalid field 'window_minutes': must be from 1 to \(AlertRule.windowRange.upperBound)")

                let list = try await client.call(AlertRuleAPI.list, token: token)
                #expect(try list.value().canonical.data.map(\.id) == [rule.id])
                #expect(try list.value().adapter.rules.map(\.id) == [rule.id], "LLMScope's name for the same page")
                #expect(try await client.call(AlertRuleAPI.delete, id: rule.id, token: token).status == .noContent)
                let gone = try await client.call(AlertRuleAPI.get, id: rule.id, token: token)
                #expect(gone.status == .notFound)
                #expect(try gone.error().message == "Alert rule not found")
                let notAnID = try await client.call(AlertRuleAPI.get, id: "nope", token: token)
                #expect(try notAnID.error().message == "Alert rule not found")
            }
        }
    }
}
