public import ByteInput
public import ByteOutput
internal import LineScan

/// The scalars of JSON text appended straight to a byte buffer, under `JSONWriter`: no `String`
/// is built for a number, and strings are copied in runs.
@usableFromInline enum JSONScalar {
  @inlinable @inline(__always)
  static func literal(_ text: StaticString, to out: inout ByteBuffer) {
    out.append(text)
  }

  @usableFromInline static func int(_ value: Int, to out: inout ByteBuffer) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    decimal(UInt64(value.magnitude), to: &out)
  }

  /// The decimal digits of `value`.
  @usableFromInline static func decimal(_ value: UInt64, to out: inout ByteBuffer) {
    var digits = 1
    var limit: UInt64 = 10
    while digits < 20, value >= limit {
      digits += 1
      limit = limit &* 10
    }
    out.append(count: digits) { p in
      var v = value
      var i = digits
      repeat {
        i -= 1
        p[i] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
        v /= 10
      } while i > 0
    }
  }

  /// `"0x…"` in lower case, quoted (how every address is written).
  @usableFromInline static func hex(_ value: UInt64, to out: inout ByteBuffer) {
    let digits = max(1, (67 - value.leadingZeroBitCount) / 4)
    out.append(count: digits + 4) { p in
      p[0] = 0x22
      p[1] = 0x30
      p[2] = 0x78
      var v = value
      for i in stride(from: digits + 2, through: 3, by: -1) {
        let d = UInt8(truncatingIfNeeded: v & 0xF)
        p[i] = d < 10 ? 0x30 &+ d : 0x57 &+ d
        v >>= 4
      }
      p[digits + 3] = 0x22
    }
  }

  /// As Swift prints it (`description`). A time read from a stamp with up to six decimals is
  /// written from its microseconds: that decimal is the shortest that reads back as the same
  /// double, which is what `description` prints, without building a `String`.
  @usableFromInline static func double(_ value: Double, to out: inout ByteBuffer) {
    guard value.isFinite else { return literal("null", to: &out) }
    if value == 0, value.sign == .plus { return literal("0.0", to: &out) }
    if value >= 0.0001, value < 1e9 {
      let micros = (value * 1_000_000).rounded()
      if Double(micros) / 1_000_000 == value {
        let n = UInt64(micros)
        decimal(n / 1_000_000, to: &out)
        out.append(UInt8(ascii: "."))
        var fraction = n % 1_000_000
        var width = 6
        while width > 1, fraction % 10 == 0 {
          fraction /= 10
          width -= 1
        }
        out.append(count: width) { p in
          for i in stride(from: width - 1, through: 0, by: -1) {
            p[i] = 0x30 &+ UInt8(truncatingIfNeeded: fraction % 10)
            fraction /= 10
          }
        }
        return
      }
    }
    out.append(value.description)
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// A quoted, escaped string. Eight bytes are tested at a time for the bytes JSON escapes
  /// (`"`, `\`, control bytes, DEL), before and after each escape; the runs between escapes
  /// (a whole string, nearly always) are copied whole.
  @usableFromInline static func string(_ s: String, to out: inout ByteBuffer) {
    s.withByteView { string($0, to: &out) }
  }

  @usableFromInline static func string(_ bytes: ByteView, to out: inout ByteBuffer) {
    let n = bytes.count
    var i = 0
    out.append(0x22)
    var run = 0
    while i < n {
      if i &+ 8 <= n, !needsEscape(bytes.loadUInt64(at: i)) {
        i &+= 8
        continue
      }
      let c = bytes[i]
      if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F {
        out.append(bytes.extracting(run..<i))
        switch c {
        case 0x22: literal("\\\"", to: &out)
        case 0x5C: literal("\\\\", to: &out)
        case 0x0A: literal("\\n", to: &out)
        case 0x0D: literal("\\r", to: &out)
        case 0x09: literal("\\t", to: &out)
        default:
          literal("\\u00", to: &out)
          out.append(hexDigits[Int(c >> 4)])
          out.append(hexDigits[Int(c & 0xF)])
        }
        run = i + 1
      }
      i += 1
    }
    out.append(bytes.extracting(run..<n))
    out.append(0x22)
  }

  /// Whether any byte of `word` is below 0x20, `"`, `\` or DEL (may err towards true).
  @inline(__always)
  private static func needsEscape(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let below = (word &- ones &* 0x20) & ~word & highs
    let quote = ByteLanes.zeroLanes(word ^ (ones &* 0x22))
    let backslash = ByteLanes.zeroLanes(word ^ (ones &* 0x5C))
    let delete = ByteLanes.zeroLanes(word ^ (ones &* 0x7F))
    return below | quote | backslash | delete != 0
  }
}
