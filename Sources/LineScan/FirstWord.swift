#if arch(x86_64)
  import _Builtin_intrinsics.intel
#endif

/// Where a message's first word ends: the first space, and the first `:` or `[` before or with
/// it, within its first 32 bytes. It tells a journal host name (`host kernel:`) from a subsystem
/// (`pci_bus 0000:00:`), and where a dev_printk device name stops.
enum FirstWord {
  /// Within the first 32 bytes of `m` (fewer when `n` is smaller): the index of the first space
  /// and of the first `:` or `[` before or with it (`min(n, 32)` when absent), eight bytes at a
  /// time. Reads only the `n` bytes at `m`.
  @inline(__always)
  static func end(_ m: UnsafePointer<UInt8>, _ n: Int) -> (space: Int, punctuation: Int) {
    let limit = min(n, 32)
    var k = 0
    while k &+ 8 <= limit {
      let w = UnsafeRawPointer(m + k).loadUnaligned(as: UInt64.self)
      let spaces = ByteLanes.zeroLanes(w ^ 0x2020_2020_2020_2020)
      let marks =
        ByteLanes.zeroLanes(w ^ 0x3A3A_3A3A_3A3A_3A3A) | ByteLanes.zeroLanes(w ^ 0x5B5B_5B5B_5B5B_5B5B)
      if spaces | marks != 0 {
        let punctuation = marks == 0 ? limit : k &+ marks.trailingZeroBitCount >> 3
        if spaces != 0 { return (k &+ spaces.trailingZeroBitCount >> 3, punctuation) }
        return (firstSpace(m, from: k &+ 8, to: limit), punctuation)
      }
      k &+= 8
    }
    var space = limit
    var punctuation = limit
    while k < limit {
      let c = m[k]
      if c == 0x20 {
        space = k
        break
      }
      if punctuation == limit, c == UInt8(ascii: ":") || c == UInt8(ascii: "[") { punctuation = k }
      k &+= 1
    }
    return (space, punctuation)
  }

  /// `end` for a message with 32 readable bytes at `m` (bytes past `n` are ignored): the first
  /// space and the first `:` or `[`, exactly, from two 16-byte compares (SSE2 on x86-64; `end`
  /// elsewhere). `punctuation > space` and `punctuation == min(n, 32)` answer as they do for
  /// `end`.
  @inline(__always)
  static func endInVector(_ m: UnsafePointer<UInt8>, _ n: Int) -> (space: Int, punctuation: Int) {
    #if arch(x86_64)
      let limit = min(n, 32)
      let valid: UInt32 = limit == 32 ? ~0 : (1 &<< UInt32(limit)) &- 1
      let a = UnsafeRawPointer(m).loadUnaligned(as: __m128i.self)
      let b = UnsafeRawPointer(m + 16).loadUnaligned(as: __m128i.self)
      let space = _mm_set1_epi8(0x20)
      let colon = _mm_set1_epi8(0x3A)
      let bracket = _mm_set1_epi8(0x5B)
      func bits(_ v: __m128i, _ c: __m128i) -> UInt32 {
        UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(v, c)))
      }
      let spaces = (bits(a, space) | bits(b, space) &<< 16) & valid
      let marks = (bits(a, colon) | bits(a, bracket) | (bits(b, colon) | bits(b, bracket)) &<< 16) & valid
      return (
        spaces == 0 ? limit : spaces.trailingZeroBitCount, marks == 0 ? limit : marks.trailingZeroBitCount
      )
    #else
      return end(m, n)
    #endif
  }

  /// Index of the first space in `from..<to` (or `to`), eight bytes at a time.
  @inline(__always)
  static func firstSpace(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
    var k = from
    while k &+ 8 <= to {
      let spaces = ByteLanes.zeroLanes(
        UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self) ^ 0x2020_2020_2020_2020)
      if spaces != 0 { return k &+ spaces.trailingZeroBitCount >> 3 }
      k &+= 8
    }
    while k < to, p[k] != 0x20 { k &+= 1 }
    return k
  }
}
