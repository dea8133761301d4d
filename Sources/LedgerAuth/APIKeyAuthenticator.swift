import Foundation
public import LedgerCore
public import LedgerStore
import Synchronization

/// Verifies API keys without a database round trip per request: positive lookups are cached
/// for a short time, a revocation anywhere evicts the key here within a second (the
/// `LISTEN/NOTIFY` listener calls `evict`), and last use is recorded in batches.
public final class APIKeyAuthenticator: Sendable {

    struct CachedKey: Sendable {
        var key: APIKey
        var cachedAt: ContinuousClock.Instant
    }

    let database: Database
    let cacheLifetime: Duration
    private let cache = Mutex<[[UInt8]: CachedKey]>([:])
    private let pendingUses = Mutex<[APIKeyID: (orgID: OrgID, at: Date)]>([:])

    public init(database: Database, cacheLifetime: Duration = .seconds(30)) {
        self.database = database
        self.cacheLifetime = cacheLifetime
    }

    public func authenticate(_ text: String) async throws(LedgerError) -> Principal {
        guard let secret = APIKeySecret(parsing: text) else {
            throw .unauthenticated(code: "INVALID_API_KEY", message: "The API key is not valid")
        }
        let digest = secret.digest
        let now = ContinuousClock.now
        var key = cache.withLock { cache in
            cache[digest].flatMap { now - $0.cachedAt < cacheLifetime ? $0.key : nil }
        }
        if key == nil {
            let found: (key: APIKey, orgActive: Bool)?
            do {
                found = try await APIKeyRepository(database).findForAuthentication(digest: digest)
            } catch let error as LedgerError {
                throw error
            } catch {
                throw .unavailable("The credentials cannot be checked right now")
            }
            guard let found, found.orgActive else {
                throw .unauthenticated(code: "INVALID_API_KEY", message: "The API key is not valid")
            }
            key = found.key
            if found.key.status() == .active {
                cache.withLock { $0[digest] = CachedKey(key: found.key, cachedAt: now) }
            }
        }
        guard let key else { throw .unauthenticated(code: "INVALID_API_KEY", message: "The API key is not valid") }
        switch key.status() {
        case .revoked: throw .unauthenticated(code: "API_KEY_REVOKED", message: "The API key has been revoked")
        case .expired: throw .unauthenticated(code: "API_KEY_EXPIRED", message: "The API key has expired")
        case .active: break
        }
        pendingUses.withLock { $0[key.id] = (key.orgID, Date()) }
        return Principal(actor: .apiKey(key.id, createdBy: key.createdBy), orgID: key.orgID, permissions: key.permissions)
    }

    /// Drops a revoked or rotated key from this replica's cache.
    public func evict(_ id: APIKeyID) {
        cache.withLock { cache in cache = cache.filter { $0.value.key.id != id } }
    }

    /// Writes the last-use times gathered since the previous flush, in one statement.
    public func flushLastUse() async throws {
        let uses = pendingUses.withLock { pending in
            defer { pending.removeAll() }
            return pending.map { (orgID: $0.value.orgID, id: $0.key, at: $0.value.at) }
        }
        try await APIKeyRepository(database).recordLastUse(uses)
    }
}
