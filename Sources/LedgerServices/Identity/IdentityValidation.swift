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

    /// `Acme Corp.` → `acme-corp`.
    static func slug(from name: String) -> String {
        let mapped = name.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" }
        let collapsed = String(mapped).split(separator: "-").joined(separator: "-")
        return String(collapsed.prefix(63))
    }

    static func timeZone(_ identifier: String, field: String = "time_zone") -> [FieldIssue] {
        TimeZone(identifier: identifier) == nil ? [FieldIssue(field: field, message: "must be an IANA time zone such as Europe/Paris")] : []
    }
}
