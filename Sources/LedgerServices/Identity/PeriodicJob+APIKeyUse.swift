public import LedgerAuth
public import Logging

extension PeriodicJob {
    /// API keys' last-use times, written in one statement every few seconds.
    public static func recordAPIKeyUse(_ authenticator: APIKeyAuthenticator, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "record API key use", interval: .seconds(5), logger: logger) {
            try await authenticator.flushLastUse()
        }
    }
}
