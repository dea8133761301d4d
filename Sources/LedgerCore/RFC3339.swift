public import Foundation

/// How the API writes an instant: RFC 3339 in UTC with milliseconds (`2026-01-31T12:00:00.000Z`).
public enum RFC3339 {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public static func format(_ date: Date) -> String { style.format(date) }
}
