import Foundation
import LedgerCore
import LedgerServices
import LedgerStore
import Logging

/// Every setting problem found, each naming its setting.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let problems: [String]
    public var description: String {
        "Invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension AppConfig {
    /// Reads the optional file named by `TOKENLEDGER_CONFIG` (or `configFile`), then the
    /// environment over it, then `overrides` (command-line flags) over both, through every
    /// declaration of `settings`.
    public static func load(
        environment: [String: String], configFile: String? = nil, overrides: [String: String] = [:]
    ) throws(ConfigError) -> AppConfig {
        var problems: [String] = []
        var values: [String: String] = [:]
        if let path = configFile ?? environment["TOKENLEDGER_CONFIG"] {
            do {
                values = try parseFile(at: path)
            } catch let error as ConfigFileError {
                problems.append(error.description)
            } catch {
                problems.append("TOKENLEDGER_CONFIG: cannot read '\(path)': \(error.localizedDescription)")
            }
        }
        for (key, value) in environment where knownNames.contains(key) { values[key] = value }
        for (key, value) in overrides { values[key] = value }

        var reader = SettingsReader(values: values)
        var config = AppConfig()
        for setting in settings { setting.read(&reader, &config) }
        problems += reader.problems
        for (name, secret) in [("TOKENLEDGER_JWT_SECRET", config.auth.jwtSecret)] + config.auth.previousKeys.map({
            ("TOKENLEDGER_JWT_PREVIOUS_KEYS (\($0.kid))", Optional($0.secret))
        }) {
            if let secret, secret.utf8.count < 32, !config.auth.devMode {
                problems.append(
                    "\(name): must be at least 32 bytes (got \(secret.utf8.count)); TOKENLEDGER_DEV_MODE=true allows a short one for development")
            }
        }

        if let url = config.database.url {
            do { _ = try DatabaseConfiguration(url: url) } catch { problems.append("DATABASE_URL: \(error)") }
        }
        guard problems.isEmpty else { throw ConfigError(problems: problems) }
        return config
    }

    static let knownNames = Set(settings.map(\.name))

    /// What `serve` needs beyond `load`: a signing secret when the database is external.
    public func checkServable() throws(ConfigError) {
        if database.url != nil, auth.jwtSecret == nil, auth.jwtPrivateKeyPEM == nil {
            throw ConfigError(problems: [
                "TOKENLEDGER_JWT_SECRET: required when DATABASE_URL is set, unless TOKENLEDGER_JWT_PRIVATE_KEY_FILE is (the embedded default generates one)"
            ])
        }
    }

    static func parseFile(at path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var values: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigFileError(description: "\(path):\(number + 1): expected KEY=VALUE")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard knownNames.contains(key) else {
                throw ConfigFileError(description: "\(path):\(number + 1): unknown setting '\(key)'")
            }
            values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return values
    }
}

struct ConfigFileError: Error, CustomStringConvertible {
    let description: String
}

/// Typed reads over the merged settings; each bad value adds one problem naming its setting.
struct SettingsReader {
    let values: [String: String]
    var problems: [String] = []

    mutating func optionalString(_ name: String) -> String? {
        guard let value = values[name] else { return nil }
        if value.isEmpty {
            problems.append("\(name): must not be empty (unset it instead)")
            return nil
        }
        return value
    }

    mutating func string(_ name: String, default fallback: String) -> String {
        optionalString(name) ?? fallback
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            problems.append("\(name): must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            return fallback
        }
        return value
    }

    /// `a,b,c`, without empty entries.
    func list(_ name: String) -> [String] {
        (values[name] ?? "").split(separator: ",").map { String($0.trimmingHeaderWhitespace()) }.filter { !$0.isEmpty }
    }

    /// `5,300,1800`: nil when unset.
    mutating func integerList(_ name: String, in range: ClosedRange<Int>) -> [Int]? {
        guard values[name] != nil else { return nil }
        let numbers = list(name).map { Int($0) }
        guard !numbers.isEmpty, numbers.allSatisfy({ $0.map(range.contains) ?? false }) else {
            problems.append("\(name): must be whole numbers from \(range.lowerBound) to \(range.upperBound), comma-separated")
            return nil
        }
        return numbers.compactMap { $0 }
    }

    /// `kid=secret,kid=secret`.
    mutating func keyList(_ name: String) -> [(kid: String, secret: String)] {
        guard let text = values[name], !text.isEmpty else { return [] }
        var keys: [(kid: String, secret: String)] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                problems.append("\(name): each entry must be kid=secret")
                return []
            }
            keys.append((String(parts[0]), String(parts[1])))
        }
        return keys
    }

    /// `requests_per_minute=1000,burst=2000,caller_requests_per_minute=100,ingest_requests_per_hour=500,events_per_month=10000`
    /// (any `LimitName`): the names given replace the default's values as an operator's
    /// override does (`LimitOverride.applied`); `unlimited` lifts a rate or the quota.
    mutating func planLimits(_ name: String, default fallback: OrganizationLimits) -> OrganizationLimits {
        guard values[name] != nil else { return fallback }
        var override = LimitOverride()
        var unlimited: [LimitName] = []
        for entry in list(name) {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let limit = LimitName(wireName: parts[0]) else {
                problems.append(
                    "\(name): '\(entry)' must be name=N or name=unlimited, a name among \(LimitName.all.map(\.description).joined(separator: ", "))")
                continue
            }
            if parts[1] == "unlimited", limit.canBeUnlimited {
                unlimited.append(limit)
            } else if let number = Int64(parts[1]) {
                override[limit] = number
            } else {
                problems.append("\(name): '\(entry)' must be name=N\(limit.canBeUnlimited ? " or name=unlimited" : "")")
            }
        }
        problems += override.issues.map { "\(name): \($0.field) \($0.message)" }
        var limits = override.applied(to: fallback)
        for lifted in unlimited {
            switch lifted {
            case .rate(let scope): limits[scope] = nil
            case .eventsPerMonth: limits.eventsPerMonth = nil
            case .burst: break
            }
        }
        return limits
    }

    mutating func boolean(_ name: String, default fallback: Bool) -> Bool {
        guard let text = values[name] else { return fallback }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default:
            problems.append("\(name): must be true or false, got '\(text)'")
            return fallback
        }
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) -> T
    where T.RawValue == String {
        guard let text = values[name] else { return fallback }
        guard let value = T(rawValue: text.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append("\(name): must be one of \(allowed), got '\(text)'")
            return fallback
        }
        return value
    }
}
