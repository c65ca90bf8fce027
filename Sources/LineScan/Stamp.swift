@_spi(UnsafeBytes) public import ByteInput

/// A printk stamp's value: all its digits as one integer over 10^(fraction digits), unless the
/// digits pass 64 bits (then only the seconds are kept).
public struct Stamp: Sendable {
  let digits: UInt64
  /// 10^(fraction digits); 0 when only `seconds` is known.
  let scale: UInt64
  private let wide: Double

  init(digits: UInt64, scale: UInt64) {
    self.digits = digits
    self.scale = scale
    wide = 0
  }

  init(seconds: Double) {
    digits = 0
    scale = 0
    wide = seconds
  }

  /// The time in seconds, as every reader of stamps computes it.
  public var seconds: Double { scale == 0 ? wide : Double(digits) / Double(scale) }

  /// Not earlier than `other`. Stamps of the same width compare as integers, which never says
  /// "not earlier" where the seconds would say "earlier" (dividing by a positive constant keeps
  /// order); other pairs compare their seconds.
  @inline(__always)
  func isNotEarlier(than other: Stamp) -> Bool {
    if scale != 0, scale == other.scale { return digits >= other.digits }
    return seconds >= other.seconds
  }
}

extension Stamp {
  /// The stamp `[    1.234567]` (or `[ 11.492075]`, spaces collapsed by mail; 1–12 whole
  /// digits, 1–9 fraction digits) at `start` of `b`, and the index after its `]`. On every line
  /// of a log, so pointer loads, eight bytes at a time, and wrapping arithmetic; reads only `b`.
  public static func read(_ line: ByteView, _ start: Int) -> (Stamp, Int)? {
    read(line.unsafeBytes, start)
  }

  /// `read` on the scanner's raw bytes; `b` must be readable for its whole count.
  @inline(__always)
  static func read(_ b: UnsafeRawBufferPointer, _ start: Int) -> (Stamp, Int)? {
    let n = b.count
    guard start < n, let raw = b.baseAddress else { return nil }
    let p = raw.assumingMemoryBound(to: UInt8.self)
    guard p[start] == UInt8(ascii: "[") else { return nil }
    // printk's `[%5lu.%06lu]`, eight bytes at a time; any other shape takes the loops below.
    if start &+ 9 <= n,
      let (whole, dot) = wholeSecondsAndDot(UnsafeRawPointer(p + (start &+ 1)).loadUnaligned(as: UInt64.self))
    {
      let fraction = start &+ dot &+ 2
      if fraction &+ 8 <= n,
        let micros = sixDigitsAndBracket(UnsafeRawPointer(p + fraction).loadUnaligned(as: UInt64.self))
      {
        return (Stamp(digits: whole &* 1_000_000 &+ micros, scale: 1_000_000), fraction &+ 7)
      }
    }
    var i = start &+ 1
    while i < n, p[i] == 0x20 { i &+= 1 }
    var value: UInt64 = 0
    let wholeStart = i
    let wholeLimit = min(n, i &+ 12)
    while i < wholeLimit {
      let d = p[i] &- 0x30
      if d >= 10 { break }
      value = value &* 10 &+ UInt64(d)
      i &+= 1
    }
    guard i > wholeStart, i < n, p[i] == UInt8(ascii: ".") else { return nil }
    i &+= 1
    let fracStart = i
    // printk's six decimals and `]`, eight bytes at a time; any other shape takes the loop.
    if i &+ 8 <= n, let micros = sixDigitsAndBracket(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) {
      return (Stamp(digits: value &* 1_000_000 &+ micros, scale: 1_000_000), i &+ 7)
    }
    let fracLimit = min(n, i &+ 9)
    var fraction: UInt64 = 0
    var scale: UInt64 = 1
    while i < fracLimit {
      let d = p[i] &- 0x30
      if d >= 10 { break }
      fraction = fraction &* 10 &+ UInt64(d)
      scale &*= 10
      i &+= 1
    }
    guard i > fracStart, i < n, p[i] == UInt8(ascii: "]") else { return nil }
    // All digits as one integer over a power of ten, unless 12 + 9 digits pass 64 bits.
    let (shifted, over) = value.multipliedReportingOverflow(by: scale)
    let (all, carry) = shifted.addingReportingOverflow(fraction)
    if over || carry { return (Stamp(seconds: Double(value) + Double(fraction) / Double(scale)), i &+ 1) }
    return (Stamp(digits: all, scale: scale), i &+ 1)
  }

  /// The value of six ASCII digits followed by `]` in the low seven bytes of `word` (loaded
  /// little-endian), or `nil` when the bytes are not that.
  @inline(__always)
  static func sixDigitsAndBracket(_ word: UInt64) -> UInt64? {
    let six: UInt64 = 0x0000_FFFF_FFFF_FFFF
    let zeros: UInt64 = 0x3030_3030_3030_3030 & six
    guard (word >> 48) & 0xFF == UInt64(UInt8(ascii: "]")), word & 0xF0F0_F0F0_F0F0_F0F0 & six == zeros,
      (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 & six == zeros
    else { return nil }
    // Eight digits `00dddddd`, first digit in the low byte.
    return ByteLanes.eightDigits(((word & six) << 16) & 0x0F0F_0F0F_0F0F_0F0F)
  }

  /// The seconds of a stamp's `    4.` / ` 9993.` (leading spaces, 1–7 digits, `.` within the
  /// eight bytes after `[`, loaded little-endian) and the `.`'s index; `nil` for any other shape.
  @inline(__always)
  static func wholeSecondsAndDot(_ word: UInt64) -> (UInt64, Int)? {
    let highs: UInt64 = 0x8080_8080_8080_8080
    let dots = ByteLanes.exactZeroLanes(word ^ 0x2E2E_2E2E_2E2E_2E2E)
    guard dots != 0 else { return nil }
    let dot = dots.trailingZeroBitCount >> 3
    guard dot >= 1 else { return nil }
    let before: UInt64 = (1 &<< UInt64(dot &* 8)) &- 1
    let spaces = ByteLanes.exactZeroLanes(word ^ 0x2020_2020_2020_2020) & before
    // The spaces must all come first (the first other lane ends them), then digits to the dot.
    let leading = (~spaces & before & highs).trailingZeroBitCount >> 3
    let leadingLanes: UInt64 = (1 &<< UInt64(leading &* 8)) &- 1
    guard leading < dot, spaces == leadingLanes & highs else { return nil }
    let digits = before & ~leadingLanes
    let zeros = 0x3030_3030_3030_3030 & digits
    guard word & 0xF0F0_F0F0_F0F0_F0F0 & digits == zeros,
      (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 & digits == zeros
    else { return nil }
    // Right-align the digits as an eight-digit number (spaces and shifted-in lanes read as 0).
    return (ByteLanes.eightDigits((word & 0x0F0F_0F0F_0F0F_0F0F & digits) &<< UInt64((8 &- dot) &* 8)), dot)
  }
}
