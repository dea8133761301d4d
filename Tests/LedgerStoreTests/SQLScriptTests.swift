import LedgerStore
import Testing

@Suite struct SQLScriptTests {
    @Test func splitsOnSemicolonsOutsideQuotesAndComments() {
        let script = """
            -- a comment; not a statement end
            CREATE TABLE a (x text DEFAULT 'semi;colon', "odd;name" int);
            /* block; comment /* nested; */ still */ INSERT INTO a VALUES ('it''s; fine');
            CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;
            SELECT $$;$$
            """
        #expect(SQLScript.statements(in: script) == [
            "CREATE TABLE a (x text DEFAULT 'semi;colon', \"odd;name\" int)",
            "INSERT INTO a VALUES ('it''s; fine')",
            "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql",
            "SELECT $$;$$",
        ])
    }

    @Test func ignoresEmptyStatementsAndPositionalParameters() {
        #expect(SQLScript.statements(in: " ; ;\n") == [])
        #expect(SQLScript.statements(in: "SELECT $1; SELECT 2") == ["SELECT $1", "SELECT 2"])
    }
}
