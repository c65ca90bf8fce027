/// The line shape that makes up nearly all of a long log: `[    1.234567] message`, with no
/// caller id, no journal host, and a message no event starts like. The block reader counts such
/// lines in place; it is the per-line cost that decides throughput, so this is byte code over a
/// pointer, and anything it is not sure of goes to the full `LineFramer`.
enum PlainLine {
  /// What one line is to the scan.
  enum Shape {
    /// A plain line, with its printk stamp.
    case plain(Stamp)
    /// A `[ seconds ] message` line whose message may be an event; `message` is where the
    /// message starts in the line.
    case candidate(message: Int)
    /// Anything else: another prefix, a caller id, a journal `host kernel:` prefix, no stamp.
    case other
  }

  /// The shape of `start..<stop` (a line without its newline, free of escape codes), decided
  /// exactly as `LineFramer` + `EventCatalog.hasKnownPrefix` would.
  @inline(__always)
  static func shape(_ p: UnsafePointer<UInt8>, _ start: Int, _ stop: Int, catalog: EventCatalog) -> Shape {
    let line = UnsafeRawBufferPointer(start: p + start, count: stop &- start)
    guard let (t, after) = ByteScan.stamp(line, 0) else { return .other }
    let n = line.count
    var i = after
    if i < n {
      let c = p[start &+ i]
      // A message glued to its stamp is left to the framer: a plain line is `[ seconds ] …`
      // with the space, which the /proc/iomem and shell readers can take a run at a time.
      guard c == 0x20 else { return .other }
      if i &+ 1 < n, p[start &+ i &+ 1] == UInt8(ascii: "[") { return .other }
      i &+= 1
    }
    switch message(p + (start &+ i), n &- i, readable: n &- i, catalog: catalog) {
    case .plain: return .plain(t)
    case .candidate: return .candidate(message: i)
    case .other: return .other
    }
  }

  /// What a message (the bytes after a stamp and its space) makes of its line.
  enum MessageShape {
    case plain, candidate, other
  }

  /// Whether the `count` bytes at `m` are a plain message, one that may be an event (a literal
  /// prefix of the catalog, or a `name dddd:bb:dd.f:` device prefix), or a journal
  /// `host kernel:` / `host ident[pid]:` line that the framer reads differently.
  /// `readable`: how many bytes from `m` may be loaded (at least `count`); with 32 or more the
  /// first word is found 16 bytes at a time.
  @inline(__always)
  static func message(_ m: UnsafePointer<UInt8>, _ count: Int, readable: Int, catalog: EventCatalog)
    -> MessageShape
  {
    let message = UnsafeRawBufferPointer(start: m, count: count)
    let word = readable >= 32 ? ByteScan.firstWordEndInVector(m, count) : ByteScan.firstWordEnd(m, count)
    // A journal host name is a first word ended by a space, with neither `:` nor `[` in it.
    let limit = min(count, 32)
    if word.space < limit {
      if word.punctuation > word.space, word.space > 0,
        ByteScan.journalIdent(message, afterHost: word.space, strict: true) != nil
      {
        return .other
      }
    } else if word.punctuation == limit, ByteScan.journalHostIdent(message, 0) != nil {
      // A first word past 32 bytes (rare): the full test, which scans the host name itself.
      return .other
    }
    if catalog.startsLikeEvent(message) || EventCatalog.isDeviceAddress(m, count, space: word.space) {
      return .candidate
    }
    return .plain
  }
}
