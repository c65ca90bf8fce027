#if arch(x86_64)
  import _Builtin_intrinsics.intel
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// Finds line ends in a stretch of bytes 64 at a time: a bit per newline of a 64-byte chunk,
/// computed once (SSE2 on x86-64, which every x86-64 CPU has; eight bytes at a time elsewhere),
/// then one bit scan per line. Cheaper than a `memchr` call per line on the short lines a log
/// is made of. Never reads past `end` (the last partial chunk takes `memchr`).
struct NewlineFinder {
  private let raw: UnsafeRawPointer
  private let end: Int
  /// The chunk `bits` describes starts here.
  private var base = Int.min / 2
  private var bits: UInt64 = 0

  init(_ raw: UnsafeRawPointer, end: Int) {
    self.raw = raw
    self.end = end
  }

  /// The index of the first newline at or after `from`, or `end` when there is none.
  @inline(__always)
  mutating func next(from: Int) -> Int {
    var from = from
    while true {
      let offset = from &- base
      if offset >= 0, offset < 64 {
        let rest = bits & (~0 &<< UInt64(offset))
        if rest != 0 { return base &+ rest.trailingZeroBitCount }
        from = base &+ 64
      }
      guard from &+ 64 <= end else { return tail(from: from) }
      base = from
      bits = Self.newlines(raw + from)
    }
  }

  private func tail(from: Int) -> Int {
    guard from < end, let q = memchr(raw + from, 0x0A, end &- from) else { return end }
    return raw.distance(to: UnsafeRawPointer(q))
  }

  /// Bit k is set when byte k of the 64 at `p` is a newline.
  @inline(__always)
  static func newlines(_ p: UnsafeRawPointer) -> UInt64 {
    #if arch(x86_64)
      let nl = _mm_set1_epi8(0x0A)
      var bits: UInt64 = 0
      for k in 0..<4 {
        let v = (p + k &* 16).loadUnaligned(as: __m128i.self)
        let m = UInt16(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)))
        bits |= UInt64(m) &<< UInt64(k &* 16)
      }
      return bits
    #else
      return newlinesByWords(p)
    #endif
  }

  /// `newlines` eight bytes at a time, for CPUs without SSE2.
  static func newlinesByWords(_ p: UnsafeRawPointer) -> UInt64 {
    var bits: UInt64 = 0
    for k in 0..<8 {
      let w = (p + k &* 8).loadUnaligned(as: UInt64.self)
      // One bit per newline lane at bit 8j, gathered into bits 56–63 by the multiply.
      let lanes = ByteLanes.exactZeroLanes(w ^ 0x0A0A_0A0A_0A0A_0A0A) >> 7
      bits |= ((lanes &* 0x0102_0408_1020_4080) >> 56) &<< UInt64(k &* 8)
    }
    return bits
  }
}
