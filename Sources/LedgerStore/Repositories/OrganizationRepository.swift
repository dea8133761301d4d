import Foundation
public import LedgerCore
import PostgresNIO

/// Organizations: the tenants themselves. Reading one's own goes through its scope; the
/// cross-tenant methods serve the platform operator and sign-up.
public struct OrganizationRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static func columns(_ alias: String = "organizations") -> String {
        ["id", "name", "slug", "plan", "time_zone", "settings::text AS settings", "status", "created_at", "updated_at"]
            .map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    static func organization(_ column: RowColumns) throws -> Organization {
        Organization(
            id: OrgID(try column("id", as: UUID.self)), name: try column("name"), slug: try column("slug"),
            plan: Plan(rawValue: try column("plan")) ?? .free, timeZone: try column("time_zone"),
            settings: JSONColumn.object(try column("settings")),
            status: OrganizationStatus(rawValue: try column("status")) ?? .disabled, createdAt: try column("created_at"),
            updatedAt: try column("updated_at"))
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
            "SELECT \(unescaped: Self.columns()) FROM organizations WHERE id = \(id.uuid)", reading: Self.organization)
    }

    public func list(_ page: PageRequest) async throws -> Page<Organization> {
        let sortKey = PageCursor.sortKey("created_at")
        return try await db.page(
            """
            SELECT \(unescaped: Self.columns()), \(unescaped: sortKey) AS sort_key FROM organizations
            WHERE (\(unescaped: sortKey), id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY sort_key, id::text LIMIT \(page.limit + 1)
            """, limit: page.limit, reading: Self.organization)
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
