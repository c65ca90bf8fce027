/// A printk stamp's value: all its digits as one integer over 10^(fraction digits), unless the
/// digits pass 64 bits (then only the seconds are kept).
struct Stamp {
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
  var seconds: Double { scale == 0 ? wide : Double(digits) / Double(scale) }

  /// Not earlier than `other`. Stamps of the same width compare as integers, which never says
  /// "not earlier" where the seconds would say "earlier" (dividing by a positive constant keeps
  /// order); other pairs compare their seconds.
  @inline(__always)
  func isNotEarlier(than other: Stamp) -> Bool {
    if scale != 0, scale == other.scale { return digits >= other.digits }
    return seconds >= other.seconds
  }
}
