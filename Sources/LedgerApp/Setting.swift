/// One setting, declared once: its name, what it means (with its accepted values and default,
/// as the README's settings table shows them) and how its value is read into an `AppConfig`.
/// The loader, the settings file's list of known names, the validation messages and the
/// README table (`tokenledger settings`) all come from the declarations in `AppConfig.settings`.
/// Not swift-configuration's `ConfigReader`: its reads with a default fall back to the default
/// when a value cannot be converted, where a bad value must stop the server naming its setting,
/// every bad value at once; it has no list of known names to refuse a mistyped one in a file.
public struct Setting: Sendable {
    public let name: String
    public let meaning: String
    let read: @Sendable (inout SettingsReader, inout AppConfig) -> Void

    init(_ name: String, _ meaning: String, read: @escaping @Sendable (inout SettingsReader, inout AppConfig) -> Void) {
        self.name = name
        self.meaning = meaning
        self.read = read
    }

    /// The default shown for `field`: the value an `AppConfig()` holds, unless told otherwise.
    private static func shown<Value>(_ field: KeyPath<AppConfig, Value>, _ stated: String?) -> String {
        stated ?? "\(AppConfig()[keyPath: field])"
    }

    static func text(
        _ name: String, _ field: any WritableKeyPath<AppConfig, String> & Sendable, _ meaning: String, default stated: String? = nil
    ) -> Setting {
        Setting(name, "\(meaning) (default `\(shown(field, stated))`)") { reader, config in
            config[keyPath: field] = reader.string(name, default: config[keyPath: field])
        }
    }

    /// A value without a default: unset, it stays `nil`.
    static func optionalText(_ name: String, _ field: any WritableKeyPath<AppConfig, String?> & Sendable, _ meaning: String) -> Setting {
        Setting(name, meaning) { reader, config in
            config[keyPath: field] = reader.optionalString(name)
        }
    }

    static func integer(
        _ name: String, _ field: any WritableKeyPath<AppConfig, Int> & Sendable, in range: ClosedRange<Int>, _ meaning: String,
        default stated: String? = nil
    ) -> Setting {
        Setting(name, "\(meaning), \(range.lowerBound)-\(range.upperBound) (default \(shown(field, stated)))") { reader, config in
            config[keyPath: field] = reader.integer(name, in: range, default: config[keyPath: field])
        }
    }

    /// A duration set as a whole number of `unit`s (seconds or milliseconds).
    static func duration(
        _ name: String, _ field: any WritableKeyPath<AppConfig, Duration> & Sendable, in range: ClosedRange<Int>, unit: Duration,
        _ meaning: String
    ) -> Setting {
        let units: @Sendable (Duration) -> Int = { Int($0 / unit) }
        return Setting(name, "\(meaning), \(range.lowerBound)-\(range.upperBound) (default \(units(AppConfig()[keyPath: field])))") {
            reader, config in
            config[keyPath: field] = unit * reader.integer(name, in: range, default: units(config[keyPath: field]))
        }
    }

    static func boolean(_ name: String, _ field: any WritableKeyPath<AppConfig, Bool> & Sendable, _ meaning: String, default stated: String? = nil)
        -> Setting
    {
        Setting(name, "\(meaning): true/false (default \(shown(field, stated)))") { reader, config in
            config[keyPath: field] = reader.boolean(name, default: config[keyPath: field])
        }
    }

    static func choice<Value: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ field: any WritableKeyPath<AppConfig, Value> & Sendable, _ meaning: String
    ) -> Setting where Value.RawValue == String {
        let allowed = Value.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        return Setting(name, "\(meaning): \(allowed) (default `\(AppConfig()[keyPath: field].rawValue)`)") { reader, config in
            config[keyPath: field] = reader.choice(name, default: config[keyPath: field])
        }
    }
}
