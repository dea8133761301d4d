import Foundation
import LedgerCore
import PostgresNIO

/// Organizations: the tenants themselves. Reading one's own goes through its scope; the
/// cross-tenant methods serve the platform operator and sign-up.
public struct OrganizationRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static func columns(_ alias: String = "organizations") -> String {
        ["id", "name", "slug", "plan", "time_zone", "settings::text", "status", "created_at", "updated_at"]
            .map { "\(alias).\($0)" }.joined(separator: ", ")
    }
    typealias Row = (UUID, String, String, String, String, String, String, Date, Date)

    static func organization(_ row: Row) -> Organization {
        Organization(
            id: OrgID(row.0), name: row.1, slug: row.2, plan: Plan(rawValue: row.3) ?? .free, timeZone: row.4,
            settings: JSONColumn.object(row.5), status: OrganizationStatus(rawValue: row.6) ?? .disabled,
            createdAt: row.7, updatedAt: row.8)
    }

    public func create(_ org: Organization) async throws {
        try await db.execute(
            """
            INSERT INTO organizations (id, name, slug, plan, time_zone, settings, status)
            VALUES (\(org.id.uuid), \(org.name), \(org.slug), \(org.plan.rawValue), \(org.timeZone),
                    \(JSONColumn.text(org.settings))::jsonb, \(org.status.rawValue))
            """)
    }

    public func find(_ scope: TenantScope) async throws -> Organization? {
        try await find(id: scope.orgID)
    }

    /// Operator and sign-in use: any organization by id.
    public func find(id: OrgID) async throws -> Organization? {
        try await db.first(
            "SELECT \(unescaped: Self.columns()) FROM organizations WHERE id = \(id.uuid)", as: Row.self
        ).map(Self.organization)
    }

    public func list(_ page: PageRequest) async throws -> Page<Organization> {
        let sortKey = PageCursor.sortKey("created_at")
        let rows = try await db.all(
            """
            SELECT \(unescaped: Self.columns()), \(unescaped: sortKey) FROM organizations
            WHERE (\(unescaped: sortKey), id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY 10, id::text LIMIT \(page.limit + 1)
            """, as: (UUID, String, String, String, String, String, String, Date, Date, Int64).self)
        return PageCursor.page(rows, limit: page.limit, key: { PageCursor(micros: $0.9, id: $0.0.uuidString.lowercased()) },
            item: { Self.organization(($0.0, $0.1, $0.2, $0.3, $0.4, $0.5, $0.6, $0.7, $0.8)) })
    }

    public func update(_ org: Organization) async throws {
        try await db.execute(
            """
            UPDATE organizations SET name = \(org.name), slug = \(org.slug), plan = \(org.plan.rawValue),
                time_zone = \(org.timeZone), settings = \(JSONColumn.text(org.settings))::jsonb,
                status = \(org.status.rawValue), updated_at = now()
            WHERE id = \(org.id.uuid)
            """)
    }

    public func delete(id: OrgID) async throws {
        try await db.execute("DELETE FROM organizations WHERE id = \(id.uuid)")
    }
}
