/// A request rate: `limit` requests per `windowSeconds` on average, up to `burst` at once.
public struct RequestRate: Sendable, Equatable, Hashable {
    public var limit: Int
    public var windowSeconds: Int
    public var burst: Int

    /// `burst` defaults to one window's worth.
    public init(_ limit: Int, perSeconds windowSeconds: Int, burst: Int? = nil) {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.burst = burst ?? limit
    }

    public init(perMinute: Int, burst: Int? = nil) {
        self.init(perMinute, perSeconds: 60, burst: burst)
    }

    public init(perHour: Int, burst: Int? = nil) {
        self.init(perHour, perSeconds: 3_600, burst: burst)
    }

    /// Microseconds between two tokens (GCRA's emission interval), at least one.
    public var intervalMicros: Int64 { max(1, Int64(windowSeconds) * 1_000_000 / Int64(limit)) }
}
