public import Logging

extension PeriodicJob {
    /// Buckets that are full again are deleted: a bucket that is missing starts full.
    public static func forgetFullRateLimitBuckets(_ limiter: RateLimiter, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "forget full rate-limit buckets", interval: .seconds(60), logger: logger) {
            try await limiter.forgetFullBuckets()
        }
    }
}
