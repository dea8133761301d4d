import Foundation
public import Logging
import OTel

/// One JSON object per line: time, level, message, label and every metadata key (the
/// request id among them), for log shippers.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [:]
        let merged = metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged { fields[key] = "\(value)" }
        fields["time"] = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        fields["level"] = event.level.rawValue
        fields["message"] = "\(event.message)"
        fields["logger"] = label
        var line = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }
}

extension AppConfig.Logging {
    /// Installs the configured handler process-wide; call once, before anything logs. Every
    /// line logged within a span carries its `trace_id` and `span_id`.
    public func bootstrap() {
        let level = level
        let traceIDs = OTel.makeLoggingMetadataProvider()
        switch format {
        case .json:
            LoggingSystem.bootstrap({ label, provider in
                JSONLogHandler(label: label, logLevel: level, metadataProvider: provider)
            }, metadataProvider: traceIDs)
        case .text:
            LoggingSystem.bootstrap({ label, provider in
                var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                handler.logLevel = level
                return handler
            }, metadataProvider: traceIDs)
        }
    }
}

extension AppConfig {
    /// The process's logger, after installing the configured handler; call once.
    public func makeLogger() -> Logger {
        logging.bootstrap()
        var logger = Logger(label: "tokenledger")
        logger.logLevel = logging.level
        return logger
    }
}
