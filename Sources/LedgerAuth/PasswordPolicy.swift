public import LedgerCore

/// What a new password must be: long enough, not absurdly long (argon2 input), and not one of
/// the passwords every credential-stuffing list starts with.
public struct PasswordPolicy: Sendable {
    public var minimumLength = 10
    public var maximumLength = 256

    public init() {}

    public func check(_ password: String, field: String = "password") throws(LedgerError) {
        let length = password.count
        if length < minimumLength {
            throw .validation([FieldIssue(field: field, message: "must be at least \(minimumLength) characters")])
        }
        if length > maximumLength {
            throw .validation([FieldIssue(field: field, message: "must be at most \(maximumLength) characters")])
        }
        if Self.common.contains(password.lowercased()) {
            throw .validation([FieldIssue(field: field, message: "is too common; choose another")])
        }
    }

    /// The most frequent leaked passwords of ten or more characters.
    static let common: Set<String> = [
        "1234567890", "12345678910", "0123456789", "1234567891", "123456789a", "1q2w3e4r5t", "qwertyuiop",
        "password1", "password12", "password123", "password1234", "passw0rd123", "iloveyou12", "qwerty1234",
        "qwerty12345", "qwerty123456", "1qaz2wsx3edc", "zaq12wsxcde3", "abc1234567", "abcdefghij",
        "1111111111", "0000000000", "9876543210", "asdfghjkl1", "asdfghjkl;", "football12", "baseball12",
        "superman12", "princess12", "letmein123", "welcome123", "welcome1234", "administrator", "changeme123",
        "trustno1234", "monkey12345", "dragon12345", "sunshine12", "iloveyou123", "michael123", "charlie123",
        "password!", "password!1", "p@ssw0rd123", "p@ssword123", "qwertyuiop1", "zxcvbnm123", "123qweasdzxc",
        "aaaaaaaaaa", "tokenledger", "tokenledger1", "tokenledger123",
    ]
}
