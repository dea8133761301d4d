import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion and captures what it printed. It spawns and reaps the child
/// itself (posix_spawn + waitpid): `pg_ctl start` leaves a server behind that inherits the
/// parent's descriptors, which Foundation's `Process` does not cope with.
struct CommandRunner {
    struct Failure: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        let output: String
        var description: String { "`\(command)` exited with \(status): \(output)" }
    }

    /// When set, programs run as this user through `runuser` (PostgreSQL refuses root).
    var user: String?

    @discardableResult
    func run(_ executable: String, _ arguments: [String], allowFailure: Bool = false) throws -> (
        status: Int32, output: String
    ) {
        // `env -C /`: the cluster user may not be allowed into our working directory.
        let argv = user.map { ["/usr/sbin/runuser", "-u", $0, "--", "/usr/bin/env", "-C", "/", executable] + arguments }
            ?? [executable] + arguments
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("tokenledger-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw Failure(command: argv.joined(separator: " "), status: spawned, output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if exitCode != 0 && !allowFailure {
            throw Failure(command: argv.joined(separator: " "), status: exitCode, output: output)
        }
        return (exitCode, output)
    }
}
