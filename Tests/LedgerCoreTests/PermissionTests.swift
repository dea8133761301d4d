import LedgerCore
import Testing

@Suite struct PermissionTests {
    @Test func parsesAndPrintsResourceColonAction() throws {
        let permission = try #require(Permission("api_key:manage"))
        #expect(permission == Permission(.apiKey, .manage))
        #expect(permission.description == "api_key:manage")
    }

    @Test(arguments: ["usage", "usage:", ":read", "usage:fly", "nothing:read", "usage:read:extra"])
    func rejectsMalformedText(_ text: String) {
        #expect(Permission(text) == nil)
    }
}

@Suite struct LedgerErrorTests {
    @Test func validationMessageNamesTheOnlyField() {
        let error = LedgerError.validation([FieldIssue(field: "name", message: "must not be empty")])
        #expect(error.message == "Invalid field 'name': must not be empty")
        #expect(error.code == "VALIDATION_FAILED")
    }

    @Test func forbiddenNamesThePermission() {
        #expect(LedgerError.forbidden(Permission(.budget, .write)).message == "Missing permission 'budget:write'")
    }
}
