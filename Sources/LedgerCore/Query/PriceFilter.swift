public import Foundation

/// Which price definitions a read covers.
public struct PriceFilter: Sendable, Equatable {
    public var provider: String?
    public var model: String?
    public var validAt: Date?

    public init(provider: String? = nil, model: String? = nil, validAt: Date? = nil) {
        self.provider = provider
        self.model = model
        self.validAt = validAt
    }
}
