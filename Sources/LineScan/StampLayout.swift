/// Where a printk stamp's bytes sit in a line's first 16 bytes — `[`, padding spaces, digits, `.`,
/// six digits, `]` and the space after it — taken from one plain line, so that the lines after it
/// (nearly always of the same layout) are checked with a few operations on two words instead of
/// being read digit by digit. Lines of one layout order as their stamp bytes do: the digits sit in
/// the same places, so comparing the bytes compares the times, with no conversion to seconds.
struct StampLayout {
  /// The lanes of bytes 0–7 and 8–15 that hold `[`, the padding spaces, `.`, `]` and the space
  /// after it, and what those lanes hold.
  private let fixedMask: (UInt64, UInt64)
  private let fixedValue: (UInt64, UInt64)
  /// The lanes that hold the stamp's digits.
  private let digitMask: (UInt64, UInt64)
  /// Where the message starts: just after the space that follows the stamp.
  let messageOffset: Int
  /// Just after the stamp's `]`: the space.
  var stampEnd: Int { messageOffset &- 1 }

  /// A stamp's bytes as two big-endian words: larger key, later (or equal) time.
  struct Key {
    let high: UInt64
    let low: UInt64

    static let earliest = Key(high: 0, low: 0)

    @inline(__always)
    func isNotEarlier(than other: Key) -> Bool {
      high > other.high || (high == other.high && low >= other.low)
    }
  }

  /// The layout of the line at `p` (`count` bytes, no newline): `[`, spaces, 1 or more digits,
  /// `.`, six digits, `]`, a space, within 16 bytes; `nil` for any other start.
  init?(line p: UnsafePointer<UInt8>, count: Int) {
    guard count > 0, p[0] == UInt8(ascii: "[") else { return nil }
    var i = 1
    while i < count, p[i] == 0x20 { i &+= 1 }
    let whole = i
    while i < count, ByteLanes.isDigit(p[i]) { i &+= 1 }
    let dot = i
    guard dot > whole, dot &+ 9 <= min(count, 16), p[dot] == UInt8(ascii: "."),
      (1...6).allSatisfy({ ByteLanes.isDigit(p[dot &+ $0]) }), p[dot &+ 7] == UInt8(ascii: "]"),
      p[dot &+ 8] == 0x20
    else { return nil }
    var fixed = (UInt64(0), UInt64(0))
    var value = (UInt64(0), UInt64(0))
    var digits = (UInt64(0), UInt64(0))
    for k in 0...(dot &+ 8) {
      let shift = UInt64((k & 7) &* 8)
      let isDigit = (whole..<dot).contains(k) || (dot &+ 1...dot &+ 6).contains(k)
      let lane: UInt64 = 0xFF << shift
      let byte = UInt64(p[k]) << shift
      if k < 8 {
        if isDigit { digits.0 |= lane } else { (fixed.0, value.0) = (fixed.0 | lane, value.0 | byte) }
      } else {
        if isDigit { digits.1 |= lane } else { (fixed.1, value.1) = (fixed.1 | lane, value.1 | byte) }
      }
    }
    fixedMask = fixed
    fixedValue = value
    digitMask = digits
    messageOffset = dot &+ 9
  }

  /// The key of the stamp at `q` (16 readable bytes), or `nil` when the line there does not have
  /// this layout (another width, a non-digit, no space after the stamp, a newline within it).
  @inline(__always)
  func key(_ q: UnsafeRawPointer) -> Key? {
    let a = q.loadUnaligned(as: UInt64.self)
    let b = (q + 8).loadUnaligned(as: UInt64.self)
    guard a & fixedMask.0 == fixedValue.0, b & fixedMask.1 == fixedValue.1,
      Self.allDigits(a & digitMask.0, digitMask.0), Self.allDigits(b & digitMask.1, digitMask.1)
    else { return nil }
    return Key(
      high: (a & (fixedMask.0 | digitMask.0)).byteSwapped, low: (b & (fixedMask.1 | digitMask.1)).byteSwapped)
  }

  /// Every lane of `mask` in `word` (other lanes zero) is an ASCII digit.
  @inline(__always)
  private static func allDigits(_ word: UInt64, _ mask: UInt64) -> Bool {
    let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    let zeros = 0x3030_3030_3030_3030 & mask
    // 0x30–0x3F, and below 0x3A: adding 6 to a digit lane stays under 0x40 (no lane carries).
    return word & highNibbles == zeros && (word &+ 0x0606_0606_0606_0606) & highNibbles & mask == zeros
  }
}
