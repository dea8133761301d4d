import LedgerCore
import LedgerStore

/// An organization a request names (`organization_id`, as LLM Cost Ops clients send it) is
/// never trusted: it must be the caller's own, by id or by slug.
enum StatedOrganization {
    static let notOwn = FieldIssue(field: "organization_id", message: "is not the organization of these credentials")

    /// Whether the slug must be read to decide.
    static func needsSlug(_ stated: String?, of scope: TenantScope) -> Bool {
        stated.map { $0.lowercased() != scope.orgID.description } ?? false
    }

    static func isOwn(_ stated: String?, of scope: TenantScope, slug: String?) -> Bool {
        !needsSlug(stated, of: scope) || stated == slug
    }

    /// Refuses a stated organization that is not the caller's, reading the slug only when the
    /// id does not already match.
    static func check(_ stated: String?, of scope: TenantScope, on runner: any QueryRunner) async throws {
        guard needsSlug(stated, of: scope) else { return }
        let slug = try await OrganizationRepository(runner).find(scope)?.slug
        if !isOwn(stated, of: scope, slug: slug) { throw LedgerError.validation([notOwn]) }
    }
}
