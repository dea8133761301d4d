/// Which cost analytics sum: the one computed from the price catalog, or, where the client
/// reported its own, the reported cost. The computed cost is always kept beside it.
public enum CostSource: String, Sendable, CaseIterable {
    case computed, reported
}

/// The settings an organization may set. Unknown keys are refused, so a typo is an error
/// rather than a setting that silently does nothing.
public enum OrganizationSettings {
    public static let costSource = "cost_source"

    public static func issues(in settings: [String: JSONValue]) -> [FieldIssue] {
        settings.keys.sorted().compactMap { key in
            switch (key, settings[key]!) {
            case (costSource, .string(let value)) where CostSource(rawValue: value) != nil: nil
            case (costSource, _):
                FieldIssue(
                    field: "settings.\(key)",
                    message: "must be one of \(CostSource.allCases.map(\.rawValue).joined(separator: ", "))")
            default: FieldIssue(field: "settings.\(key)", message: "is not a setting (known: \(costSource))")
            }
        }
    }
}

extension Organization {
    public var costSource: CostSource {
        if case .string(let value) = settings[OrganizationSettings.costSource], let source = CostSource(rawValue: value) {
            return source
        }
        return .computed
    }
}
