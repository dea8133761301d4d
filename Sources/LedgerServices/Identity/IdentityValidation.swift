import Foundation
import LedgerCore

/// Field rules shared by sign-up and administration.
enum IdentityValidation {
    static func email(_ email: String, field: String = "email") -> [FieldIssue] {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let valid = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && email.count <= 320 && !email.contains(where: \.isWhitespace)
        return valid ? [] : [FieldIssue(field: field, message: "must be an email address")]
    }

    static func name(_ name: String, field: String) -> [FieldIssue] {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return (1...200).contains(trimmed.count) ? [] : [FieldIssue(field: field, message: "must be 1 to 200 characters")]
    }

    static func slug(_ slug: String, field: String) -> [FieldIssue] {
        let allowed = slug.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        let valid = allowed && (2...63).contains(slug.count) && slug.first != "-"
        return valid ? [] : [FieldIssue(field: field, message: "must be 2-63 lower-case letters, digits or '-', not starting with '-'")]
    }

    /// A valid slug for an organization's name, so a caller who sent none is never told about
    /// one: `Acme Corp.` → `acme-corp`, `K` → `org-k`, `日本` → `org`. With `unique`, a random
    /// suffix (`acme-corp-x7k2q9`), for when the plain one is taken.
    static func slug(from name: String, unique: Bool = false) -> String {
        let mapped = name.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" }
        var slug = String(String(mapped).split(separator: "-").joined(separator: "-").prefix(50))
        if slug.count < 2 { slug = slug.isEmpty ? "org" : "org-\(slug)" }
        if unique { slug += "-" + UUID().lowercasedText.filter(\.isLetter).prefix(3) + String(Int.random(in: 100...999)) }
        return slug
    }

    /// What `insert` throws when the slug it was given is taken and was derived.
    struct DerivedSlugTaken: Error {}

    /// Runs `insert` with the slug the caller gave, or else with one derived from `name`, and
    /// once more with a unique one when `insert` finds the derived one taken (two organizations
    /// may share a name).
    static func withSlug<Result>(
        _ given: String?, for name: String, _ insert: (_ slug: String, _ derived: Bool) async throws -> Result
    ) async throws -> Result {
        if let given { return try await insert(given, false) }
        do {
            return try await insert(slug(from: name), true)
        } catch is DerivedSlugTaken {
            return try await insert(slug(from: name, unique: true), false)
        }
    }

    static func timeZone(_ identifier: String, field: String = "time_zone") -> [FieldIssue] {
        TimeZone(identifier: identifier) == nil ? [FieldIssue(field: field, message: "must be an IANA time zone such as Europe/Paris")] : []
    }
}
