public import LedgerAuth
public import Logging

extension PeriodicJob {
    /// API keys' last-use times, written in one statement every `interval`.
    public static func recordAPIKeyUse(_ authenticator: APIKeyAuthenticator, interval: Duration, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "record API key use", interval: interval, logger: logger) {
            try await authenticator.flushLastUse()
        }
    }
}
