/// JSON text appended straight to a byte buffer: the primitives under `JSONValue.write` and
/// `JSONMembers`. No `String` is built for a number, and strings are copied in runs.
enum JSONBytes {
  @inline(__always)
  static func literal(_ text: StaticString, to out: inout [UInt8]) {
    text.withUTF8Buffer { out.append(contentsOf: $0) }
  }

  static func int(_ value: Int, to out: inout [UInt8]) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    digits(value.magnitude, radix: 10, to: &out)
  }

  /// `"0x…"` in lower case, quoted (how every address is written).
  static func hex(_ value: UInt64, to out: inout [UInt8]) {
    out.append(contentsOf: [0x22, 0x30, 0x78])
    digits(value, radix: 16, to: &out)
    out.append(0x22)
  }

  static func double(_ value: Double, to out: inout [UInt8]) {
    guard value.isFinite else { return literal("null", to: &out) }
    out.append(contentsOf: value.description.utf8)
  }

  private static func digits<T: UnsignedInteger & FixedWidthInteger>(
    _ value: T, radix: T, to out: inout [UInt8]
  ) {
    var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &scratch) { buffer in
      var v = value
      var i = buffer.count
      repeat {
        i -= 1
        let d = UInt8(truncatingIfNeeded: v % radix)
        buffer[i] = d < 10 ? 0x30 + d : 0x57 + d
        v /= radix
      } while v != 0
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[i...]))
    }
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// A quoted, escaped string. Eight bytes are tested at a time for the bytes JSON escapes
  /// (`"`, `\`, control bytes, DEL); runs without them are copied whole.
  static func string(_ s: String, to out: inout [UInt8]) {
    out.append(0x22)
    var s = s
    s.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return }
      let n = bytes.count
      var run = 0
      var i = 0
      while i < n {
        if i + 8 <= n, !needsEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
          i += 8
          continue
        }
        let c = base[i]
        if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F {
          out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i - run))
          switch c {
          case 0x22: out.append(contentsOf: [0x5C, 0x22])
          case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
          case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
          case 0x0D: out.append(contentsOf: [0x5C, 0x72])
          case 0x09: out.append(contentsOf: [0x5C, 0x74])
          default:
            out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(c >> 4)], hexDigits[Int(c & 0xF)]])
          }
          run = i + 1
        }
        i += 1
      }
      out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: n - run))
    }
    out.append(0x22)
  }

  /// Whether any byte of `word` is below 0x20, `"`, `\` or DEL (may err towards true).
  @inline(__always)
  private static func needsEscape(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let below = (word &- ones &* 0x20) & ~word & highs
    let quote = ByteScan.zeroLanes(word ^ (ones &* 0x22))
    let backslash = ByteScan.zeroLanes(word ^ (ones &* 0x5C))
    let delete = ByteScan.zeroLanes(word ^ (ones &* 0x7F))
    return below | quote | backslash | delete != 0
  }
}

/// Members of a JSON object written straight into a byte buffer, each as `,"key":value` (the
/// object is opened and its first member written by the caller). Moves the buffer in and out so
/// nothing is copied: `members.out` is the buffer while writing.
struct JSONMembers {
  var out: [UInt8] = []

  mutating func key(_ key: StaticString) {
    out.append(0x2C)
    out.append(0x22)
    JSONBytes.literal(key, to: &out)
    out.append(0x22)
    out.append(0x3A)
  }

  mutating func string(_ key: StaticString, _ value: String) {
    self.key(key)
    JSONBytes.string(value, to: &out)
  }

  mutating func int(_ key: StaticString, _ value: Int) {
    self.key(key)
    JSONBytes.int(value, to: &out)
  }

  mutating func bool(_ key: StaticString, _ value: Bool) {
    self.key(key)
    JSONBytes.literal(value ? "true" : "false", to: &out)
  }

  /// `"0x…"`, or `null` when absent.
  mutating func hex(_ key: StaticString, _ value: UInt64?) {
    self.key(key)
    if let value { JSONBytes.hex(value, to: &out) } else { JSONBytes.literal("null", to: &out) }
  }

  mutating func range(_ key: StaticString, _ value: AddressRange) {
    self.key(key)
    out.append(0x7B)
    startAndEnd(value)
    out.append(0x7D)
  }

  /// `"start":"0x…","end":"0x…"`, the members every range is written with.
  mutating func startAndEnd(_ range: AddressRange) {
    JSONBytes.literal(#""start":"#, to: &out)
    JSONBytes.hex(range.start, to: &out)
    JSONBytes.literal(#","end":"#, to: &out)
    JSONBytes.hex(range.end, to: &out)
  }

  mutating func value(_ key: StaticString, _ value: JSONValue) {
    self.key(key)
    value.write(to: &out, pretty: false, indent: 0)
  }
}
