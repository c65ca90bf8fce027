public import ByteInput
internal import LineScan

/// A small JSON reader for journal and `dmesg --json` records (and for reading our own output
/// back in tests) without Foundation. Numbers keep their text so 64-bit values are not rounded.
public struct JSONParser {
  public enum Failure: Error, Equatable, Sendable { case malformed(offset: Int) }

  private let b: ByteView
  private var i = 0

  private init(_ bytes: ByteView) { b = bytes }

  /// Parses one JSON value that fills `bytes` (surrounding whitespace allowed).
  public static func parse(_ bytes: ByteView) throws(Failure) -> JSONValue {
    var parser = JSONParser(bytes)
    let value = try parser.value()
    parser.skipSpace()
    guard parser.i == bytes.count else { throw .malformed(offset: parser.i) }
    return value
  }

  public static func parse(_ text: String) throws(Failure) -> JSONValue {
    try Array(text.utf8).withByteView { (bytes) throws(Failure) -> JSONValue in try parse(bytes) }
  }

  private mutating func skipSpace() {
    while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x09 || b[i] == 0x0D { i += 1 }
  }

  private mutating func value() throws(Failure) -> JSONValue {
    skipSpace()
    guard i < b.count else { throw .malformed(offset: i) }
    switch b[i] {
    case UInt8(ascii: "{"):
      i += 1
      var members: [(String, JSONValue)] = []
      skipSpace()
      if i < b.count, b[i] == UInt8(ascii: "}") {
        i += 1
        return .object(members)
      }
      while true {
        skipSpace()
        let key = try string()
        skipSpace()
        guard i < b.count, b[i] == UInt8(ascii: ":") else { throw .malformed(offset: i) }
        i += 1
        members.append((key, try value()))
        skipSpace()
        guard i < b.count else { throw .malformed(offset: i) }
        if b[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        guard b[i] == UInt8(ascii: "}") else { throw .malformed(offset: i) }
        i += 1
        return .object(members)
      }
    case UInt8(ascii: "["):
      i += 1
      var items: [JSONValue] = []
      skipSpace()
      if i < b.count, b[i] == UInt8(ascii: "]") {
        i += 1
        return .array(items)
      }
      while true {
        items.append(try value())
        skipSpace()
        guard i < b.count else { throw .malformed(offset: i) }
        if b[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        guard b[i] == UInt8(ascii: "]") else { throw .malformed(offset: i) }
        i += 1
        return .array(items)
      }
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default:
      return try number()
    }
  }

  private mutating func literal(_ word: StaticString, _ result: JSONValue) throws(Failure) -> JSONValue {
    let count = word.utf8CodeUnitCount
    guard i + count <= b.count, (0..<count).allSatisfy({ b[i + $0] == word.utf8Start[$0] }) else {
      throw .malformed(offset: i)
    }
    i += count
    return result
  }

  private mutating func number() throws(Failure) -> JSONValue {
    let start = i
    while i < b.count,
      ByteLanes.isDigit(b[i]) || b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")
        || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")
    {
      i += 1
    }
    let text = String(decoding: b.extracting(start..<i), as: UTF8.self)
    if let n = Int(text) { return .int(n) }
    if let d = Double(text) { return .double(d) }
    throw .malformed(offset: start)
  }

  private mutating func string() throws(Failure) -> String {
    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw .malformed(offset: i) }
    i += 1
    var out: [UInt8] = []
    while i < b.count {
      let c = b[i]
      if c == UInt8(ascii: "\"") {
        i += 1
        return String(decoding: out, as: UTF8.self)
      }
      if c == UInt8(ascii: "\\") {
        guard i + 1 < b.count else { break }
        i += 1
        switch b[i] {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
          guard let scalar = try unicodeEscape() else { break }
          out.append(contentsOf: Array(String(Character(scalar)).utf8))
          continue
        default: out.append(b[i])
        }
        i += 1
        continue
      }
      out.append(c)
      i += 1
    }
    throw .malformed(offset: i)
  }

  /// Reads `uXXXX` (and a following low surrogate); leaves `i` after it.
  private mutating func unicodeEscape() throws(Failure) -> Unicode.Scalar? {
    func hex4(_ at: Int) -> UInt32? {
      guard at + 4 <= b.count else { return nil }
      var v: UInt32 = 0
      for k in 0..<4 {
        guard let d = ByteLanes.hexValue(b[at + k]) else { return nil }
        v = v << 4 | UInt32(d)
      }
      return v
    }
    guard let high = hex4(i + 1) else { throw .malformed(offset: i) }
    i += 5
    if (0xD800..<0xDC00).contains(high), i + 1 < b.count, b[i] == UInt8(ascii: "\\"),
      b[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), (0xDC00..<0xE000).contains(low)
    {
      i += 6
      return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }
    return Unicode.Scalar(high) ?? Unicode.Scalar(0xFFFD)
  }
}

extension JSONValue {
  /// The member named `key` of an object.
  public subscript(_ key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var intValue: Int? {
    switch self {
    case .int(let n): n
    case .string(let s): Int(s)
    default: nil
    }
  }

  public var doubleValue: Double? {
    switch self {
    case .int(let n): Double(n)
    case .double(let d): d
    case .string(let s): Double(s)
    default: nil
    }
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let items) = self { return items }
    return nil
  }
}
