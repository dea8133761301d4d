import Foundation
import LedgerCore
import Testing

/// docs/ROLES.md is the documented permission table; it must say what the code grants.
@Suite struct RoleTableTests {
    static func renderedTable() -> String {
        let roles = Role.allCases
        var lines = [
            "# Roles and permissions",
            "",
            "Generated from `Role.permissions` and checked by `RoleTableTests`: a change to either side fails",
            "the test until both agree. The platform operator is not an organization role: it is a flag on the",
            "user that opens the `/api/v1/admin/organizations` routes (`platform:operator` in the spec).",
            "",
            "| permission | " + roles.map(\.rawValue).joined(separator: " | ") + " |",
            "| --- |" + String(repeating: " --- |", count: roles.count),
        ]
        for permission in Permission.catalog.sorted() {
            lines.append("| `\(permission)` | " + roles.map { $0.permissions.contains(permission) ? "✓" : "" }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func documentedTableMatchesTheCode() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/ROLES.md")
        let expected = Self.renderedTable()
        let documented = try? String(contentsOf: path, encoding: .utf8)
        if documented != expected { try? expected.write(toFile: "/tmp/ROLES.md", atomically: true, encoding: .utf8) }
        #expect(documented == expected, "docs/ROLES.md is stale; the current table was written to /tmp/ROLES.md")
    }

    @Test func ranksOrderTheRolesAndOwnersHoldEverything() {
        #expect(Role.owner.permissions == Permission.catalog)
        #expect(Role.admin.permissions.isSubset(of: Role.owner.permissions))
        #expect(Role.viewer.permissions.isSubset(of: Role.member.permissions))
        #expect(Role.admin > Role.member && Role.member > Role.viewer)
        #expect(Role.allCases.allSatisfy { $0 == .owner || !$0.permissions.contains(Permission(.organization, .manage)) })
    }
}
