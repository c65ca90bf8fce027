public import ByteInput
internal import LineScan

/// Hex formatting and parsing shared by every reader and writer, so all of them agree on case,
/// padding and overflow.
public enum Hex {
  /// `0x` + lower-case hex, no padding.
  public static func prefixed(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

  /// Lower-case hex zero-padded to at least `width` digits, as the kernel's `%0*llx` prints.
  public static func padded(_ value: UInt64, width: Int) -> String {
    let digits = String(value, radix: 16)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }

  /// The result of reading a run of hex digits.
  public enum ParseResult: Equatable, Sendable {
    case value(UInt64)
    /// A byte that is not a hex digit, at this offset into the run.
    case notHex(offset: Int)
    /// More than 16 significant digits.
    case overflow
    case empty
  }

  /// Parses ASCII hex digits (either case, optional leading zeros of any number).
  public static func parse(_ bytes: ByteView) -> ParseResult {
    guard !bytes.isEmpty else { return .empty }
    var value: UInt64 = 0
    var significant = 0
    for (offset, byte) in bytes.enumerated() {
      guard let digit = ByteLanes.hexValue(byte) else { return .notHex(offset: offset) }
      if significant == 0 && digit == 0 { continue }
      significant += 1
      if significant > 16 { return .overflow }
      value = value << 4 | UInt64(digit)
    }
    return .value(value)
  }

  /// Parses hex digits with or without a `0x` prefix; `nil` unless they read as a 64-bit value.
  public static func parsePrefixed(_ bytes: ByteView) -> UInt64? {
    guard case .value(let value) = parse(droppingPrefix(bytes)) else { return nil }
    return value
  }

  /// The bytes after a leading `0x`/`0X` (when more follows it), or all of them.
  static func droppingPrefix(_ bytes: ByteView) -> ByteView {
    guard bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] | 0x20 == UInt8(ascii: "x") else {
      return bytes
    }
    return bytes.extracting(2...)
  }

  /// The value of an upper-case hex digit (`0-9`, `A-F`), as quoted-printable writes escapes.
  @inline(__always)
  static func upper(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
