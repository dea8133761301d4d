import LedgerCore
import PostgresNIO

/// Turns driver errors into domain errors, so nothing above the store sees a `PSQLError`.
enum DatabaseErrorMapping {
    static func map(_ error: any Error) -> any Error {
        if error is LedgerError { return error }
        if let failed = error as? PostgresTransactionError {
            return map(failed.closureError ?? failed.beginError ?? failed.commitError ?? failed)
        }
        guard let error = error as? PSQLError else { return error }
        let constraint = error.serverInfo?[.constraintName] ?? "unknown"
        switch error.code {
        case .server:
            switch error.serverInfo?[.sqlState] {
            case "23505":
                return LedgerError.conflict("A record with the same unique value already exists (\(constraint))")
            case "23503":
                return LedgerError.validation([
                    FieldIssue(field: constraint, message: "refers to a record that does not exist")
                ])
            case "23514", "23502":
                return LedgerError.validation([
                    FieldIssue(field: constraint, message: "violates a database rule")
                ])
            case "57P01", "57P02", "57P03", "53300":
                return LedgerError.unavailable("The database is not accepting connections")
            case "22003":
                // Stored amounts are bounded per record, so a number out of range is a sum over
                // many of them (the rollups of a long window).
                return LedgerError.badRequest(
                    code: "RESULT_OUT_OF_RANGE", message: "The sum exceeds 9223372036854775807; narrow the window or the filter")
            case let state? where state.hasPrefix("22"):
                // Class 22, data exceptions: a value the database cannot take (a NUL character,
                // a date out of range …) is the caller's input, not a server fault.
                return LedgerError.badRequest(
                    code: "INVALID_PARAMETERS",
                    message: "A value cannot be stored or compared: \(error.serverInfo?[.message] ?? "invalid value")")
            default:
                return error
            }
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed:
            return LedgerError.unavailable("The database cannot be reached")
        default:
            return error
        }
    }
}
