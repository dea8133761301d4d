import Foundation
public import Logging
import OTel

/// One line per event on standard error, as text or as a JSON object, with the handler's
/// metadata (the request id among them), the provider's (trace and span ids) and the event's.
/// Metadata is rendered only when a line is written: swift-log's `StreamLogHandler` renders
/// all of it again on every change, and each request changes it three times (2.4% of the
/// server's CPU under `GET /health`).
struct LineLogHandler: LogHandler {
    let label: String
    let format: AppConfig.LogFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        FileHandle.standardError.write(line(for: event, with: merged))
    }

    func line(for event: LogEvent, with metadata: Logger.Metadata) -> Data {
        switch format {
        case .text:
            // `StreamLogHandler`'s line: local time, level, label, sorted `key=value` pairs, source, message.
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return Data(
                "\(Self.localTime()) \(event.level) \(label):\(pairs.isEmpty ? "" : " " + pairs) [\(event.source)] \(event.message)\n".utf8)
        case .json:
            var fields: [String: String] = [:]
            for (key, value) in metadata { fields[key] = "\(value)" }
            fields["time"] = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
            fields["level"] = event.level.rawValue
            fields["message"] = "\(event.message)"
            fields["logger"] = label
            var line = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data()
            line.append(0x0A)
            return line
        }
    }

    /// `2026-12-07T17:15:00+0000`, as `StreamLogHandler` writes the time.
    private static func localTime() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var text = [CChar](repeating: 0, count: 32)
        let count = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: text.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension AppConfig.Logging {
    /// Installs the configured handler process-wide; call once, before anything logs. Every
    /// line logged within a span carries its `trace_id` and `span_id`.
    public func bootstrap() {
        let level = level
        let traceIDs = OTel.makeLoggingMetadataProvider()
        let format = format
        LoggingSystem.bootstrap({ label, provider in
            LineLogHandler(label: label, format: format, logLevel: level, metadataProvider: provider)
        }, metadataProvider: traceIDs)
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
