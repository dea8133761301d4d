import LedgerCore
import PostgresNIO
import Synchronization

/// Which organization each connection of the tenant pool is set to. Every connection of that
/// pool starts as the unprivileged `tokenledger_tenant` role, set to an organization no row
/// belongs to (startup parameters, so even `RESET ALL` returns there, and a connection never
/// set sees nothing); work for an organization sets it at session level only when the
/// connection holds another one, so repeated work for one organization costs its own
/// statements alone. Its prepared statements run one generic plan from their first run: they
/// are short reads and writes whose plan does not depend on the values, and PostgreSQL would
/// otherwise plan each run afresh while it weighs custom plans (2% of the machine under
/// single-event ingest).
final class TenantConnections: Sendable {
    static let startupParameters = [
        ("role", "tokenledger_tenant"), ("tokenledger.org_id", "00000000-0000-0000-0000-000000000000"),
        ("plan_cache_mode", "force_generic_plan"),
    ]

    private let organizations = Mutex<[PostgresConnection.ID: OrgID]>([:])
    private let remembered: Int

    /// Remembers at most `remembered` connections: closed ones leave their ids behind, and
    /// forgetting a live one costs one `set_config` on its next read.
    init(remembered: Int) {
        self.remembered = remembered
    }

    func prepare(_ connection: PostgresConnection, for scope: TenantScope, logger: Logger) async throws {
        let isSet = organizations.withLock { organizations in
            if organizations[connection.id] == scope.orgID { return true }
            // Forgotten before the statement runs: if it fails, the setting is unknown.
            organizations[connection.id] = nil
            return false
        }
        guard !isSet else { return }
        _ = try await connection.query(
            "SELECT set_config('tokenledger.org_id', \(scope.orgID.description), false)", logger: logger
        ).collect()
        organizations.withLock { organizations in
            if organizations.count >= remembered { organizations.removeAll() }
            organizations[connection.id] = scope.orgID
        }
    }
}
