#if arch(x86_64)
  import _Builtin_intrinsics.intel
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// Byte-level recognisers for log-line prefixes. Each takes the line and a start index and
/// returns what it read and the index after it, or `nil` without consuming anything.
enum ByteScan {
  @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
  @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
  @inline(__always) static func isLower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }

  /// `<6>` → 6.
  static func syslogPriority(_ b: UnsafeRawBufferPointer, _ start: Int) -> (Int, Int)? {
    guard start < b.count, b[start] == UInt8(ascii: "<") else { return nil }
    var i = start + 1
    var value = 0
    while i < b.count, isDigit(b[i]), i - start <= 4 {
      value = value * 10 + Int(b[i] - 0x30)
      i += 1
    }
    guard i > start + 1, i < b.count, b[i] == UInt8(ascii: ">") else { return nil }
    return (value, i + 1)
  }

  /// `[    1.234567]` or `[ 11.492075]` (spaces collapsed by mail) → seconds.
  @inline(__always)
  static func monotonicStamp(_ b: UnsafeRawBufferPointer, _ start: Int) -> (Double, Int)? {
    stamp(b, start).map { ($0.seconds, $1) }
  }

  /// The stamp as its digits over a power of ten, and the index after it: stamps of one width
  /// compare as integers, and the division into seconds is done only where a time is needed. On
  /// every line of a log, so pointer loads, eight bytes at a time, and wrapping arithmetic.
  @inline(__always)
  static func stamp(_ b: UnsafeRawBufferPointer, _ start: Int) -> (Stamp, Int)? {
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
    return eightDigits(((word & six) << 16) & 0x0F0F_0F0F_0F0F_0F0F)
  }

  /// The seconds of a stamp's `    4.` / ` 9993.` (leading spaces, 1–7 digits, `.` within the
  /// eight bytes after `[`, loaded little-endian) and the `.`'s index; `nil` for any other shape.
  @inline(__always)
  static func wholeSecondsAndDot(_ word: UInt64) -> (UInt64, Int)? {
    let highs: UInt64 = 0x8080_8080_8080_8080
    let dots = exactZeroLanes(word ^ 0x2E2E_2E2E_2E2E_2E2E)
    guard dots != 0 else { return nil }
    let dot = dots.trailingZeroBitCount >> 3
    guard dot >= 1 else { return nil }
    let before: UInt64 = (1 &<< UInt64(dot &* 8)) &- 1
    let spaces = exactZeroLanes(word ^ 0x2020_2020_2020_2020) & before
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
    return (eightDigits((word & 0x0F0F_0F0F_0F0F_0F0F & digits) &<< UInt64((8 &- dot) &* 8)), dot)
  }

  /// The value of eight digit lanes (0–9 each, first digit in the low byte).
  @inline(__always)
  static func eightDigits(_ lanes: UInt64) -> UInt64 {
    var v = (lanes &* 2561) >> 8
    v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
    return ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
  }

  /// Lanes of `word` that are zero, as the high bit of each lane, with no false lanes.
  @inline(__always)
  static func exactZeroLanes(_ word: UInt64) -> UInt64 {
    let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((word & lows) &+ lows) | word | lows)
  }

  /// Lanes (bytes) of `word` that are zero, as the high bit of each lane; the lowest flagged
  /// lane is exact (higher ones may be false after a zero), which is all a first-match scan needs.
  @inline(__always)
  static func zeroLanes(_ word: UInt64) -> UInt64 {
    (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
  }

  /// Within the first 32 bytes of `m` (fewer when `n` is smaller): the index of the first space
  /// and of the first `:` or `[` before or with it (`min(n, 32)` when absent), eight bytes at a
  /// time. It tells where a message's first word ends.
  @inline(__always)
  static func firstWordEnd(_ m: UnsafePointer<UInt8>, _ n: Int) -> (space: Int, punctuation: Int) {
    let limit = min(n, 32)
    var k = 0
    while k &+ 8 <= limit {
      let w = UnsafeRawPointer(m + k).loadUnaligned(as: UInt64.self)
      let spaces = zeroLanes(w ^ 0x2020_2020_2020_2020)
      let marks = zeroLanes(w ^ 0x3A3A_3A3A_3A3A_3A3A) | zeroLanes(w ^ 0x5B5B_5B5B_5B5B_5B5B)
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

  /// `firstWordEnd` for a message with 32 readable bytes at `m` (bytes past `n` are ignored):
  /// the first space and the first `:` or `[`, exactly, from two 16-byte compares (SSE2 on
  /// x86-64; `firstWordEnd` elsewhere). `punctuation > space` and `punctuation == min(n, 32)`
  /// answer as they do for `firstWordEnd`.
  @inline(__always)
  static func firstWordEndInVector(_ m: UnsafePointer<UInt8>, _ n: Int) -> (space: Int, punctuation: Int) {
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
      return firstWordEnd(m, n)
    #endif
  }

  /// `[Tue Nov 24 10:00:00 2026]` (`dmesg -T`).
  static func ctimeStamp(_ b: UnsafeRawBufferPointer, _ start: Int) -> (Range<Int>, Int)? {
    let n = b.count
    guard start + 25 <= n, b[start] == UInt8(ascii: "["), isUpper(b[start + 1]), isLower(b[start + 2]),
      b[start + 4] == 0x20, isUpper(b[start + 5])
    else { return nil }
    var i = start + 1
    while i < n, i - start < 34, b[i] != UInt8(ascii: "]") { i += 1 }
    guard i < n, b[i] == UInt8(ascii: "]") else { return nil }
    guard UnsafeRawBufferPointer(rebasing: b[(start + 1)..<i]).contains(UInt8(ascii: ":")) else { return nil }
    return ((start + 1)..<i, i + 1)
  }

  /// `[    T1]`, `[ C3]`, optionally after one space (util-linux prints `] [`).
  static func callerID(_ b: UnsafeRawBufferPointer, _ start: Int) -> (Range<Int>, Int)? {
    let n = b.count
    var i = start
    if i < n, b[i] == 0x20 { i += 1 }
    guard i < n, b[i] == UInt8(ascii: "[") else { return nil }
    i += 1
    while i < n, b[i] == 0x20 { i += 1 }
    guard i < n, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "C") else { return nil }
    let idStart = i
    i += 1
    let digitsStart = i
    while i < n, isDigit(b[i]) { i += 1 }
    guard i > digitsStart, i < n, b[i] == UInt8(ascii: "]") else { return nil }
    return (idStart..<i, i + 1)
  }

  /// `host kernel: ` → (true, after); `host ident[pid]: ` → (false, after). With `strict`
  /// (after a printk stamp, where a dmesg message could look alike) only those two shapes count.
  static func journalHostIdent(_ b: UnsafeRawBufferPointer, _ start: Int, strict: Bool = true) -> (Bool, Int)?
  {
    let n = b.count
    guard start < n, let base = b.baseAddress else { return nil }
    let p = base.assumingMemoryBound(to: UInt8.self)
    // The host name runs to the first space and holds neither `:` nor `[`; most dmesg messages
    // start `subsystem:` and stop this loop within a few bytes.
    var space = start
    let limit = min(n, start + 256)
    while space < limit {
      let c = p[space]
      if c == 0x20 { break }
      if c == UInt8(ascii: ":") || c == UInt8(ascii: "[") { return nil }
      space += 1
    }
    guard space < limit, space > start else { return nil }
    return journalIdent(b, afterHost: space, strict: strict)
  }

  /// After the host name, whose space is at `space`: `kernel: ` → (true, after), or an
  /// identifier ending in `[pid]:` (or `:` when not strict) → (false, after).
  @inline(__always)
  static func journalIdent(_ b: UnsafeRawBufferPointer, afterHost space: Int, strict: Bool) -> (Bool, Int)? {
    let n = b.count
    guard space &+ 1 < n, let base = b.baseAddress else { return nil }
    let p = base.assumingMemoryBound(to: UInt8.self)
    let i = space &+ 1
    // "kernel: " as a little-endian word.
    if n &- i >= 8, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) == 0x203A_6C65_6E72_656B {
      return (true, i &+ 8)
    }
    // The identifier runs to the next space and ends in `[pid]:` (or `:` when not strict).
    let identEnd = firstSpace(p, from: i, to: n)
    guard identEnd > i, identEnd < n, p[identEnd &- 1] == UInt8(ascii: ":") else { return nil }
    if p[identEnd &- 2 < i ? i : identEnd &- 2] == UInt8(ascii: "]") {
      var j = identEnd &- 3
      while j > i, isDigit(p[j]) { j &-= 1 }
      guard j > i, j < identEnd &- 3, p[j] == UInt8(ascii: "[") else { return nil }
      return (false, identEnd &+ 1)
    }
    return strict ? nil : (false, identEnd &+ 1)
  }

  /// Index of the first space in `from..<to` (or `to`), eight bytes at a time.
  @inline(__always)
  static func firstSpace(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
    var k = from
    while k &+ 8 <= to {
      let spaces = zeroLanes(UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self) ^ 0x2020_2020_2020_2020)
      if spaces != 0 { return k &+ spaces.trailingZeroBitCount >> 3 }
      k &+= 8
    }
    while k < to, p[k] != 0x20 { k &+= 1 }
    return k
  }

  /// `6,339,5140900,-;msg` → level/facility, sequence, microseconds.
  static func kmsgHeader(_ b: UnsafeRawBufferPointer) -> (LogStamp, Int)? {
    let n = b.count
    var fields: [UInt64] = []
    var i = 0
    for _ in 0..<3 {
      var value: UInt64 = 0
      let s = i
      while i < n, isDigit(b[i]), i - s < 20 {
        value = value &* 10 &+ UInt64(b[i] - 0x30)
        i += 1
      }
      guard i > s, i < n, b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: ";") else { return nil }
      fields.append(value)
      if b[i] == UInt8(ascii: ";") { break }
      i += 1
    }
    guard fields.count == 3 else { return nil }
    while i < n, b[i] != UInt8(ascii: ";"), b[i] != 0x20 { i += 1 }
    guard i < n, b[i] == UInt8(ascii: ";") else { return nil }
    var stamp = LogStamp(format: .kmsg)
    stamp.priority = Int(fields[0])
    stamp.monotonic = Double(fields[2]) / 1_000_000
    return (stamp, i + 1)
  }

  /// `2026-11-24T10:00:00.123456+00:00 ` (short-iso, rsyslog).
  static func isoStamp(_ b: UnsafeRawBufferPointer) -> (Range<Int>, Int)? {
    guard b.count > 20, isDigit(b[0]), isDigit(b[3]), b[4] == UInt8(ascii: "-"),
      b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T") || b[10] == 0x20, b[13] == UInt8(ascii: ":")
    else { return nil }
    var i = 11
    while i < b.count, b[i] != 0x20 { i += 1 }
    guard i < b.count else { return nil }
    return (0..<i, i + 1)
  }

  /// `Nov 24 10:00:00 ` (syslog / journal short).
  static func syslogDate(_ b: UnsafeRawBufferPointer) -> (Range<Int>, Int)? {
    guard b.count > 16, isUpper(b[0]), isLower(b[1]), isLower(b[2]), b[3] == 0x20,
      b[4] == 0x20 || isDigit(b[4]), isDigit(b[5]), b[6] == 0x20, isDigit(b[7]), isDigit(b[8]),
      b[9] == UInt8(ascii: ":"), b[12] == UInt8(ascii: ":")
    else { return nil }
    var i = 13
    while i < b.count, b[i] != 0x20 { i += 1 }
    guard i < b.count else { return nil }
    return (0..<i, i + 1)
  }

  /// `-- Boot 1a2b… --` → id; `-- Reboot --` → "". Other `-- … --` lines → nil.
  static func journalSeparator(_ b: UnsafeRawBufferPointer) -> String? {
    guard b.count >= 12, b[0] == UInt8(ascii: "-"), b[1] == UInt8(ascii: "-"), b[2] == 0x20 else {
      return nil
    }
    let text = String(decoding: b, as: UTF8.self)
    if text.hasPrefix("-- Reboot --") { return "" }
    if text.hasPrefix("-- Boot "), text.hasSuffix(" --") {
      return String(text.dropFirst(8).dropLast(3))
    }
    return nil
  }

  private static let facilities: [String] = [
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
    "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
  ]
  private static let levels: [String] = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"]

  /// `kern  :info  : ` (`dmesg -x`).
  static func decodedPrefix(_ b: UnsafeRawBufferPointer) -> (LogStamp, Int)? {
    let n = b.count
    var i = 0
    while i < n, isLower(b[i]) || isDigit(b[i]) { i += 1 }
    guard
      let facility = facilities.firstIndex(
        of: String(decoding: UnsafeRawBufferPointer(rebasing: b[0..<i]), as: UTF8.self))
    else { return nil }
    while i < n, b[i] == 0x20 { i += 1 }
    guard i < n, b[i] == UInt8(ascii: ":") else { return nil }
    i += 1
    let levelStart = i
    while i < n, isLower(b[i]) { i += 1 }
    guard
      let level = levels.firstIndex(
        of: String(decoding: UnsafeRawBufferPointer(rebasing: b[levelStart..<i]), as: UTF8.self))
    else { return nil }
    while i < n, b[i] == 0x20 { i += 1 }
    guard i < n, b[i] == UInt8(ascii: ":") else { return nil }
    i += 1
    if i < n, b[i] == 0x20 { i += 1 }
    var stamp = LogStamp(format: .dmesgDecoded)
    stamp.priority = facility * 8 + level
    stamp.isKernel = facility == 0
    return (stamp, i)
  }

  /// ` SUBSYSTEM=pci` / ` DEVICE=+pci:0000:00:08.0`.
  static func isKmsgDictionary(_ b: UnsafeRawBufferPointer, from start: Int) -> Bool {
    var i = start
    while i < b.count, isUpper(b[i]) || b[i] == UInt8(ascii: "_") { i += 1 }
    return i > start && i < b.count && b[i] == UInt8(ascii: "=")
  }

  @inline(__always)
  static func memcmpBytes(_ b: UnsafeRawBufferPointer, _ at: Int, _ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard at + count <= b.count else { return false }
    let lit = literal.utf8Start
    for k in 0..<count where b[at + k] != lit[k] { return false }
    return true
  }
}
