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
    if catalog.startsLikeEvent(message) { return nil }
    let m = p + (start &+ i)
    let count = n &- i
    let word = ByteScan.firstWordEnd(m, count)
    if EventCatalog.isDeviceAddress(m, count, space: word.space) { return nil }
    // A journal host name is a first word ended by a space, with neither `:` nor `[` in it.
    let limit = min(count, 32)
    if word.space < limit {
      if word.punctuation > word.space, word.space > 0,
        ByteScan.journalIdent(message, afterHost: word.space, strict: true) != nil
      {
        return nil
      }
    } else if word.punctuation == limit, mayBeJournalHost(message), ByteScan.journalHostIdent(message, 0) != nil {
      return nil
    }
    return t
  }

  /// The same test past the first 32 bytes (a first word that long is rare): the host name runs
  /// to the first space within 256 bytes.
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
