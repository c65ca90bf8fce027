@_spi(UnsafeBytes) public import ByteInput

/// The journal's and syslog's `host ident[pid]: ` before a message: `host kernel: ` for the
/// kernel's own lines, any other identifier for a program's.
public enum JournalPrefix {
  /// `host kernel: ` → (true, after); `host ident[pid]: ` → (false, after). With `strict`
  /// (after a printk stamp, where a dmesg message could look alike) only those two shapes count;
  /// otherwise (after a wall-clock stamp) `host ident: ` counts too. Reads only `b`.
  public static func read(_ line: ByteView, _ start: Int, strict: Bool = true) -> (
    isKernel: Bool, after: Int
  )? {
    read(line.unsafeBytes, start, strict: strict)
  }

  /// `read` over bytes the scanner holds.
  static func read(_ b: UnsafeRawBufferPointer, _ start: Int, strict: Bool = true) -> (
    isKernel: Bool, after: Int
  )? {
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
    return ident(b, afterHost: space, strict: strict)
  }

  /// After the host name, whose space is at `space`: `kernel: ` → (true, after), or an
  /// identifier ending in `[pid]:` (or `:` when not strict) → (false, after).
  @inline(__always)
  static func ident(_ b: UnsafeRawBufferPointer, afterHost space: Int, strict: Bool) -> (
    isKernel: Bool, after: Int
  )? {
    let n = b.count
    guard space &+ 1 < n, let base = b.baseAddress else { return nil }
    let p = base.assumingMemoryBound(to: UInt8.self)
    let i = space &+ 1
    // "kernel: " as a little-endian word.
    if n &- i >= 8, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) == 0x203A_6C65_6E72_656B {
      return (true, i &+ 8)
    }
    // The identifier runs to the next space and ends in `[pid]:` (or `:` when not strict).
    let identEnd = FirstWord.firstSpace(p, from: i, to: n)
    guard identEnd > i, identEnd < n, p[identEnd &- 1] == UInt8(ascii: ":") else { return nil }
    if p[identEnd &- 2 < i ? i : identEnd &- 2] == UInt8(ascii: "]") {
      var j = identEnd &- 3
      while j > i, ByteLanes.isDigit(p[j]) { j &-= 1 }
      guard j > i, j < identEnd &- 3, p[j] == UInt8(ascii: "[") else { return nil }
      return (false, identEnd &+ 1)
    }
    return strict ? nil : (false, identEnd &+ 1)
  }
}

/// printk's caller id, `[    T1]` or `[ C3]` (CONFIG_PRINTK_CALLER), optionally after one
/// space (util-linux prints `] [`).
public enum CallerID {
  /// The id's span (`T1`) and the index after its `]`, or `nil`. Reads only `b`.
  public static func read(_ b: ByteView, _ start: Int) -> (Range<Int>, Int)? {
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
    while i < n, ByteLanes.isDigit(b[i]) { i += 1 }
    guard i > digitsStart, i < n, b[i] == UInt8(ascii: "]") else { return nil }
    return (idStart..<i, i + 1)
  }
}
