import CArgon2
import Foundation

/// argon2id through libargon2, in the PHC string format (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`),
/// so hashes interoperate with other argon2 implementations.
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

    public let parameters: Parameters

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    public func hash(_ password: String) throws -> String {
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

    /// Constant-time comparison inside libargon2. A malformed hash verifies nothing.
    public func verify(_ password: String, against encoded: String) -> Bool {
        let password = Array(password.utf8)
        return argon2id_verify(encoded, password, password.count) == ARGON2_OK.rawValue
    }

    /// Whether a stored hash was made with other parameters (then it is replaced at login).
    public func needsRehash(_ encoded: String) -> Bool {
        let expected = "$argon2id$v=19$m=\(parameters.memory),t=\(parameters.iterations),p=\(parameters.parallelism)$"
        return !encoded.hasPrefix(expected)
    }
}

public struct PasswordHashError: Error, CustomStringConvertible {
    let status: Int32
    public var description: String { "argon2 failed: \(String(cString: argon2_error_message(status)))" }
}
