/// Byte classes and SWAR tricks on eight bytes loaded as one word: what every byte-level reader
/// of this package (the scanner, the framer, the JSON writer) tests lines with.
public enum ByteLanes {
  @inlinable @inline(__always) public static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
  @inlinable @inline(__always) public static func isUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
  @inlinable @inline(__always) public static func isLower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }

  /// The value of a hex digit of either case, or nil for any other byte.
  @inlinable @inline(__always)
  public static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// Lanes of `word` that are zero, as the high bit of each lane, with no false lanes.
  @inlinable @inline(__always)
  public static func exactZeroLanes(_ word: UInt64) -> UInt64 {
    let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((word & lows) &+ lows) | word | lows)
  }

  /// Lanes (bytes) of `word` that are zero, as the high bit of each lane; the lowest flagged
  /// lane is exact (higher ones may be false after a zero), which is all a first-match scan needs.
  @inlinable @inline(__always)
  public static func zeroLanes(_ word: UInt64) -> UInt64 {
    (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
  }

  /// The value of eight digit lanes (0–9 each, first digit in the low byte).
  @inlinable @inline(__always)
  public static func eightDigits(_ lanes: UInt64) -> UInt64 {
    var v = (lanes &* 2561) >> 8
    v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
    return ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
  }
}
