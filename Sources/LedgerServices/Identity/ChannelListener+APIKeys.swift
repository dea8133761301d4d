public import LedgerAuth
import LedgerCore
import LedgerStore

extension ChannelListener.Subscription {
    /// API key revocations from every replica, evicted from this one's cache.
    public static func apiKeyRevocations(evictingFrom authenticator: APIKeyAuthenticator) -> Self {
        Self(channel: APIKeyRepository.revocationChannel) { payload in
            if let id = APIKeyID(payload) { authenticator.evict(id) }
        }
    }
}
