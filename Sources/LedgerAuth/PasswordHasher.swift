import CArgon2
import Foundation
import NIOPosix
import Synchronization

/// argon2id through libargon2, in the PHC string format (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`),
/// so hashes interoperate with other argon2 implementations.
///
/// A hash holds a core and `memory` KiB for tens of milliseconds, so it runs on `threads`
/// threads of its own, never on Swift concurrency's pool (as wide as the machine has cores):
/// there a few sign-ins at once would stall every request of every organization, and a flood
/// of them would take a hash's memory each. Hashes beyond `threads` wait their turn.
public struct PasswordHasher: Sendable {
    public struct Parameters: Sendable, Equatable {
        /// Memory in KiB.
        public var memory: UInt32 = 19_456
        public var iterations: UInt32 = 2
        public var parallelism: UInt32 = 1

        public init(memory: UInt32 = 19_456, iterations: UInt32 = 2, parallelism: UInt32 = 1) {
            self.memory = memory
            self.iterations = iterations
            self.parallelism = parallelism
        }
    }

    static let saltLength = 16
    static let hashLength = 32

    /// Half the cores: the other half keeps serving while sign-ins hash.
    public static let defaultThreads = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)

    public let parameters: Parameters
    private let threads: NIOThreadPool

    public init(parameters: Parameters = Parameters(), threads: Int = defaultThreads) {
        self.parameters = parameters
        self.threads = HashingThreads.pool(of: threads)
    }

    public func hash(_ password: String) async throws -> String {
        try await threads.runIfActive { [parameters] in try Self.hash(password, with: parameters) }
    }

    /// Constant-time comparison inside libargon2. A malformed hash verifies nothing.
    public func verify(_ password: String, against encoded: String) async throws -> Bool {
        try await threads.runIfActive {
            let password = Array(password.utf8)
            return argon2id_verify(encoded, password, password.count) == ARGON2_OK.rawValue
        }
    }

    private static func hash(_ password: String, with parameters: Parameters) throws -> String {
        var salt = [UInt8](repeating: 0, count: Self.saltLength)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let password = Array(password.utf8)
        let length = argon2_encodedlen(
            parameters.iterations, parameters.memory, parameters.parallelism, UInt32(Self.saltLength),
            UInt32(Self.hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let status = argon2id_hash_encoded(
            parameters.iterations, parameters.memory, parameters.parallelism, password, password.count, salt,
            salt.count, Self.hashLength, &encoded, length)
        guard status == ARGON2_OK.rawValue else { throw PasswordHashError(status: status) }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether a stored hash was made with other parameters (then it is replaced at login).
    public func needsRehash(_ encoded: String) -> Bool {
        let expected = "$argon2id$v=19$m=\(parameters.memory),t=\(parameters.iterations),p=\(parameters.parallelism)$"
        return !encoded.hasPrefix(expected)
    }
}

/// The hashing threads, one pool per size for the life of the process: every application a
/// process builds (tests build many) shares them, so none is left to shut down.
enum HashingThreads {
    private static let pools = Mutex<[Int: NIOThreadPool]>([:])

    static func pool(of size: Int) -> NIOThreadPool {
        pools.withLock { pools in
            if let pool = pools[size] { return pool }
            let pool = NIOThreadPool(numberOfThreads: size)
            pool.start()
            pools[size] = pool
            return pool
        }
    }
}

public struct PasswordHashError: Error, CustomStringConvertible {
    let status: Int32
    public var description: String { "argon2 failed: \(String(cString: argon2_error_message(status)))" }
}
