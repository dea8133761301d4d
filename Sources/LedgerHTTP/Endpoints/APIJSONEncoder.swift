import Foundation
import LedgerCore
import NIOCore

/// Encodes answers by `JSONCoding`'s rules, byte for byte what its Foundation encoder writes
/// (`APIJSONEncoderTests` compares every sample of the API), at a fraction of the cost: keys
/// are spelled, quoted and given their sort order once (`JSONKey`, from a memo) without
/// building a coding path per key, as Foundation's custom key strategy must; leaves
/// (`JSONLeaf`) are found by one conformance check and written without a nested encoder,
/// integers as digits straight into the buffer. Floating-point numbers and other leaf types
/// Foundation treats specially go through Foundation, so they are written as it writes them.
/// By `Rules.foundationDefaults` it writes what a Foundation encoder with sorted keys and
/// nothing else set writes: what request digests were made with, so digests stored before it
/// stay valid.
struct APIJSONEncoder {
    enum Rules {
        /// The API's: keys spelled, `/` as it is, dates in RFC 3339.
        case api
        /// Foundation's defaults: keys as the types spell them, `/` escaped as `\/`, dates as
        /// Foundation writes them (`leaves` must then be such an encoder).
        case foundationDefaults

        var escapesSlashes: Bool { self == .foundationDefaults }
    }

    let rules: Rules
    let spelling: KeySpellings<JSONKey>
    let leaves: JSONEncoder

    init(rules: Rules = .api, leaves: JSONEncoder, spelling: @escaping @Sendable (String) -> String = { $0 }) {
        self.rules = rules
        self.leaves = leaves
        self.spelling = KeySpellings { JSONKey(spelling($0), escapingSlashes: rules.escapesSlashes) }
    }

    func encode(_ value: some Encodable) throws -> ByteBuffer {
        let node = try JSONNode.of(value, with: self)
        var buffer = ByteBufferAllocator().buffer(capacity: 1024)
        node.write(into: &buffer, escapingSlashes: rules.escapesSlashes)
        return buffer
    }

    /// A key of a free-form object, quoted by these rules.
    func freeFormKey(_ name: String) -> JSONKey {
        JSONKey(name, escapingSlashes: rules.escapesSlashes)
    }
}

/// A JSON value as an encoder builds it. Objects keep their members in the order written and
/// are sorted when written out, since a type may write its keys through several containers.
enum JSONNode {
    case null
    case bool(Bool)
    case string(String)
    case signed(Int64)
    case unsigned(UInt64)
    /// JSON text written as it is: what Foundation wrote for a leaf it treats specially.
    case literal(String)
    case object(JSONObject)
    case array(JSONArray)
    /// Whatever an encoder handed out by `superEncoder` comes to hold.
    case deferred(NodeEncoder)

    static func of(_ value: some Encodable, with settings: APIJSONEncoder) throws -> JSONNode {
        if let leaf = value as? any JSONLeaf { return try leaf.node(with: settings) }
        let encoder = NodeEncoder(settings)
        try value.encode(to: encoder)
        return encoder.node ?? .object(JSONObject())
    }

    func write(into buffer: inout ByteBuffer, escapingSlashes: Bool) {
        switch self {
        case .null: buffer.writeStaticString("null")
        case .bool(let flag): buffer.writeStaticString(flag ? "true" : "false")
        case .string(let text): Self.write(quoted: text, escapingSlashes: escapingSlashes, into: &buffer)
        case .signed(let number): Self.write(digitsOf: number.magnitude, negative: number < 0, into: &buffer)
        case .unsigned(let number): Self.write(digitsOf: number, negative: false, into: &buffer)
        case .literal(let text): buffer.writeString(text)
        case .deferred(let encoder): (encoder.node ?? .object(JSONObject())).write(into: &buffer, escapingSlashes: escapingSlashes)
        case .array(let array):
            buffer.writeInteger(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                item.write(into: &buffer, escapingSlashes: escapingSlashes)
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        case .object(let object):
            buffer.writeInteger(UInt8(ascii: "{"))
            for (index, position) in object.writingOrder().enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                let member = object.members[position]
                buffer.writeImmutableBuffer(member.key.quoted)
                buffer.writeInteger(UInt8(ascii: ":"))
                member.value.write(into: &buffer, escapingSlashes: escapingSlashes)
            }
            buffer.writeInteger(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped as Foundation does,
    /// slashes too when asked (Foundation's default). Scanned and copied as contiguous UTF-8,
    /// since most strings need no escape.
    static func write(quoted text: String, escapingSlashes: Bool, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            let needsEscape = { (byte: UInt8) in
                byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || (escapingSlashes && byte == UInt8(ascii: "/"))
            }
            if !utf8.contains(where: needsEscape) {
                buffer.writeBytes(UnsafeRawBufferPointer(utf8))
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "/") where escapingSlashes: buffer.writeStaticString("\\/")
                case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x09: buffer.writeStaticString("\\t")
                case 0x08: buffer.writeStaticString("\\b")
                case 0x0C: buffer.writeStaticString("\\f")
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0x0F)])
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// An integer's decimal digits, written without making a `String` of them.
    static func write(digitsOf magnitude: UInt64, negative: Bool, into buffer: inout ByteBuffer) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { digits in
            var start = digits.count
            var rest = magnitude
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if negative {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}

final class JSONObject {
    var members: [(key: JSONKey, value: JSONNode)]

    init(_ members: [(key: JSONKey, value: JSONNode)] = []) {
        self.members = members
    }

    /// The positions of the members to write, by their keys' order (`JSONKey`); of a key
    /// written twice only the last, as in Foundation's dictionary. Positions are sorted, not
    /// members, so that no node is copied.
    func writingOrder() -> [Int] {
        let sorted = members.indices.sorted { first, second in
            let order = members[first].key.order(against: members[second].key)
            return order < 0 || (order == 0 && first < second)
        }
        return sorted.indices.compactMap { index in
            let next = index + 1
            let isRepeatedLater = next < sorted.count && members[sorted[index]].key.order(against: members[sorted[next]].key) == 0
            return isRepeatedLater ? nil : sorted[index]
        }
    }
}

final class JSONArray {
    var items: [JSONNode]

    init(_ items: [JSONNode] = []) {
        self.items = items
    }
}

/// Values written without their `encode(to:)`, found by one conformance check: integers,
/// strings and flags as they are, timestamps and ids by the API's rules, numbers other than
/// integers and the leaves Foundation treats specially as Foundation writes them.
protocol JSONLeaf {
    func node(with settings: APIJSONEncoder) throws -> JSONNode
}

extension String: JSONLeaf {
    func node(with settings: APIJSONEncoder) -> JSONNode { .string(self) }
}

extension Bool: JSONLeaf {
    func node(with settings: APIJSONEncoder) -> JSONNode { .bool(self) }
}

extension JSONLeaf where Self: SignedInteger & FixedWidthInteger {
    func node(with settings: APIJSONEncoder) -> JSONNode { .signed(Int64(self)) }
}

extension JSONLeaf where Self: UnsignedInteger & FixedWidthInteger {
    func node(with settings: APIJSONEncoder) -> JSONNode { .unsigned(UInt64(self)) }
}

extension Int: JSONLeaf {}
extension Int8: JSONLeaf {}
extension Int16: JSONLeaf {}
extension Int32: JSONLeaf {}
extension Int64: JSONLeaf {}
extension UInt: JSONLeaf {}
extension UInt8: JSONLeaf {}
extension UInt16: JSONLeaf {}
extension UInt32: JSONLeaf {}
extension UInt64: JSONLeaf {}

extension Date: JSONLeaf {
    func node(with settings: APIJSONEncoder) throws -> JSONNode {
        switch settings.rules {
        case .api: .string(JSONCoding.formatDate(self))
        case .foundationDefaults: try JSONNode.writtenByFoundation(self, with: settings)
        }
    }
}

extension UUID: JSONLeaf {
    func node(with settings: APIJSONEncoder) -> JSONNode { .string(uuidString) }
}

extension Identifier: JSONLeaf {
    func node(with settings: APIJSONEncoder) -> JSONNode { .string(description) }
}

/// Free-form JSON: its keys are the client's and are written as they are.
extension JSONValue: JSONLeaf {
    func node(with settings: APIJSONEncoder) -> JSONNode {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .integer(let number): .signed(Int64(number))
        case .string(let text): .string(text)
        case .array(let items): .array(JSONArray(items.map { $0.node(with: settings) }))
        case .object(let members): .object(JSONObject(members.map { (settings.freeFormKey($0.key), $0.value.node(with: settings)) }))
        }
    }
}

/// Written by Foundation, so that they read as it writes them.
protocol FoundationJSONLeaf: JSONLeaf, Encodable {}

extension FoundationJSONLeaf {
    func node(with settings: APIJSONEncoder) throws -> JSONNode { try JSONNode.writtenByFoundation(self, with: settings) }
}

/// Foundation writes a decimal as its `description`, NaN included: the same text without an
/// encoder (a fifth of a keyed ingest's digest went to encoding `latency_ms` so).
extension Decimal: JSONLeaf {
    func node(with settings: APIJSONEncoder) -> JSONNode { .literal(description) }
}

extension JSONNode {
    static func writtenByFoundation(_ leaf: some Encodable, with settings: APIJSONEncoder) throws -> JSONNode {
        .literal(String(decoding: try settings.leaves.encode(leaf), as: UTF8.self))
    }
}

extension Double: FoundationJSONLeaf {}
extension Float: FoundationJSONLeaf {}
extension URL: FoundationJSONLeaf {}
extension Data: FoundationJSONLeaf {}

/// Dictionaries keyed by strings: their keys are data, written as they are (Foundation
/// leaves them to the key strategy's exception too).
extension Dictionary: JSONLeaf where Key == String, Value: Encodable {
    func node(with settings: APIJSONEncoder) throws -> JSONNode {
        .object(JSONObject(try map { (settings.freeFormKey($0.key), try JSONNode.of($0.value, with: settings)) }))
    }
}

/// The `Encoder` a value's `encode(to:)` writes into. Coding paths are not kept: no answer
/// type reads them, and keeping them is most of what this encoder saves.
final class NodeEncoder: Encoder {
    let settings: APIJSONEncoder
    var node: JSONNode?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ settings: APIJSONEncoder) {
        self.settings = settings
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object) = node { return KeyedEncodingContainer(KeyedNodeContainer(object, settings)) }
        let object = JSONObject()
        // Room for a typical body's members at once, rather than growing one at a time
        // through 1, 2, 4, 8 and 16 (6% of encoding a usage event).
        object.members.reserveCapacity(16)
        node = .object(object)
        return KeyedEncodingContainer(KeyedNodeContainer(object, settings))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array) = node { return UnkeyedNodeContainer(array, settings) }
        let array = JSONArray()
        node = .array(array)
        return UnkeyedNodeContainer(array, settings)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeContainer(self) }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObject
    let settings: APIJSONEncoder
    var codingPath: [any CodingKey] { [] }

    init(_ object: JSONObject, _ settings: APIJSONEncoder) {
        self.object = object
        self.settings = settings
    }

    private func spelled(_ key: Key) -> JSONKey { settings.spelling(key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { object.members.append((spelled(key), .null)) }

    mutating func encode(_ value: String, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.members.append((spelled(key), value.node(with: settings))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.members.append((spelled(key), try value.node(with: settings))) }
    mutating func encode(_ value: Float, forKey key: Key) throws { object.members.append((spelled(key), try value.node(with: settings))) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.members.append((spelled(key), try JSONNode.of(value, with: settings)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = JSONObject()
        object.members.append((spelled(key), .object(nested)))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(nested, settings))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        object.members.append((spelled(key), .array(nested)))
        return UnkeyedNodeContainer(nested, settings)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: .superKey) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: spelled(key)) }

    private func superEncoder(named name: JSONKey) -> any Encoder {
        let encoder = NodeEncoder(settings)
        object.members.append((name, .deferred(encoder)))
        return encoder
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let array: JSONArray
    let settings: APIJSONEncoder
    var codingPath: [any CodingKey] { [] }
    var count: Int { array.items.count }

    init(_ array: JSONArray, _ settings: APIJSONEncoder) {
        self.array = array
        self.settings = settings
    }

    mutating func encodeNil() throws { array.items.append(.null) }

    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: Int) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: Int8) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: Int16) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: Int32) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: Int64) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: UInt) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: UInt8) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: UInt16) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: UInt32) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: UInt64) throws { array.items.append(value.node(with: settings)) }
    mutating func encode(_ value: Double) throws { array.items.append(try value.node(with: settings)) }
    mutating func encode(_ value: Float) throws { array.items.append(try value.node(with: settings)) }

    mutating func encode<T: Encodable>(_ value: T) throws { array.items.append(try JSONNode.of(value, with: settings)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        array.items.append(.object(nested))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(nested, settings))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        array.items.append(.array(nested))
        return UnkeyedNodeContainer(nested, settings)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = NodeEncoder(settings)
        array.items.append(.deferred(encoder))
        return encoder
    }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { [] }

    init(_ encoder: NodeEncoder) {
        self.encoder = encoder
    }

    mutating func encodeNil() throws { encoder.node = .null }

    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: Int) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: Int8) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: Int16) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: Int32) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: Int64) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: UInt) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: UInt8) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: UInt16) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: UInt32) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: UInt64) throws { encoder.node = value.node(with: encoder.settings) }
    mutating func encode(_ value: Double) throws { encoder.node = try value.node(with: encoder.settings) }
    mutating func encode(_ value: Float) throws { encoder.node = try value.node(with: encoder.settings) }

    mutating func encode<T: Encodable>(_ value: T) throws { encoder.node = try JSONNode.of(value, with: encoder.settings) }
}
