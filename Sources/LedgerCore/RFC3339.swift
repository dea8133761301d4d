public import Foundation

/// How the API writes an instant: RFC 3339 in UTC with milliseconds (`2026-01-31T12:00:00.000Z`),
/// as Foundation's `ISO8601FormatStyle` with fractional seconds writes it (milliseconds cut,
/// not rounded).
public enum RFC3339 {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    /// From 1582-10-15, the Gregorian calendar's first day (Foundation counts the days before
    /// it in the Julian calendar), up to the end of year 9999.
    private static let writtenByArithmetic = -12_219_292_800.0..<253_402_300_800.0

    /// Written by civil-date arithmetic (Howard Hinnant's `civil_from_days`) where Foundation's
    /// formatter took about 0.6 µs a date: two in every usage answer, hundreds in a listing.
    /// Instants outside that range go through Foundation.
    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard writtenByArithmetic.contains(seconds) else { return style.format(date) }
        var whole = seconds.rounded(.down)
        var millisecond = Int(((seconds - whole) * 1000).rounded(.down))
        if millisecond >= 1000 {
            millisecond -= 1000
            whole += 1
        }
        let (days, secondOfDay) = Int(whole).quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = civil(fromDays: secondOfDay < 0 ? days - 1 : days)
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        return String(unsafeUninitializedCapacity: 24) { text in
            var position = 0
            func write(_ value: Int, digits: Int, then separator: UInt8) {
                var rest = value
                for offset in stride(from: digits - 1, through: 0, by: -1) {
                    text[position + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                text[position + digits] = separator
                position += digits + 1
            }
            write(year, digits: 4, then: UInt8(ascii: "-"))
            write(month, digits: 2, then: UInt8(ascii: "-"))
            write(day, digits: 2, then: UInt8(ascii: "T"))
            write(second / 3600, digits: 2, then: UInt8(ascii: ":"))
            write(second / 60 % 60, digits: 2, then: UInt8(ascii: ":"))
            write(second % 60, digits: 2, then: UInt8(ascii: "."))
            write(millisecond, digits: 3, then: UInt8(ascii: "Z"))
            return position
        }
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01.
    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
