import LedgerCore
public import OpenAPIKit

/// LLMScope lists alert rules under `rules`: the page's rules again, beside `data`.
public struct LLMScopeAlertRuleList: APISchema {
    var rules: [AlertRuleBody]

    public static var schema: JSONSchema {
        .object(properties: ["rules": .array(description: "data, under LLMScope's name", items: AlertRuleBody.schema)])
    }
    public static let samples = [LLMScopeAlertRuleList(rules: [])]
}

/// The rules as listed: the page, and LLMScope's name for it.
typealias AlertRuleListAnswer = Beside<AlertRuleList, LLMScopeAlertRuleList>

extension Beside where Canonical == AlertRuleList, Adapter == LLMScopeAlertRuleList {
    init(_ page: Page<AlertRule>) {
        let list = AlertRuleList(page)
        self.init(list, LLMScopeAlertRuleList(rules: list.data))
    }
}
