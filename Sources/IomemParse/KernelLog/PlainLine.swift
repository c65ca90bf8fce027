/// The line shape that makes up nearly all of a long log: `[    1.234567] message`, with no
/// caller id, no journal host, and a message no event starts like. The block reader counts such
/// lines in place; it is the per-line cost that decides throughput, so this is byte code over a
/// pointer, and anything it is not sure of goes to the full `LineFramer`.
enum PlainLine {
  /// The printk time of a plain line (`start..<stop`, without its newline and free of escape
  /// codes), or `nil` when the line needs the framer: another prefix, a caller id, a journal
  /// `host kernel:` prefix, or a message that may be an event. Decides exactly as
  /// `LineFramer` + `EventCatalog.hasKnownPrefix` would.
  @inline(__always)
  static func time(_ p: UnsafePointer<UInt8>, _ start: Int, _ stop: Int, catalog: EventCatalog) -> Double? {
    let line = UnsafeRawBufferPointer(start: p + start, count: stop &- start)
    guard let (t, after) = ByteScan.monotonicStamp(line, 0) else { return nil }
    let n = line.count
    var i = after
    if i < n {
      let c = p[start &+ i]
      if c == UInt8(ascii: "[") { return nil }
      if c == 0x20 {
        if i &+ 1 < n, p[start &+ i &+ 1] == UInt8(ascii: "[") { return nil }
        i &+= 1
      }
    }
    let message = UnsafeRawBufferPointer(rebasing: line[i...])
    if catalog.hasKnownPrefix(message) { return nil }
    if mayBeJournalHost(message), ByteScan.journalHostIdent(line, i) != nil { return nil }
    return t
  }

  /// A journal host name runs to the first space with neither `:` nor `[` in it; most kernel
  /// messages start `subsystem:` and are ruled out here within a few bytes.
  @inline(__always)
  private static func mayBeJournalHost(_ m: UnsafeRawBufferPointer) -> Bool {
    guard let base = m.baseAddress else { return false }
    let p = base.assumingMemoryBound(to: UInt8.self)
    let limit = min(m.count, 256)
    var k = 0
    while k < limit {
      let c = p[k]
      if c == 0x20 { return true }
      if c == UInt8(ascii: ":") || c == UInt8(ascii: "[") { return false }
      k &+= 1
    }
    return false
  }
}
