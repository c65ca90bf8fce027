@_spi(UnsafeBytes) public import ByteInput

/// How a printk-stamped line is framed: its stamp, a caller id, the space before the message,
/// a journal `host kernel:` / `host ident[pid]:` prefix, and where the message starts. The one
/// decision for such lines: the framer takes it for every line it frames, the scanner for every
/// line it does not count from the stamp layout alone, and for the rest after the stamp.
public struct PrintkFrame: Sendable {
  public let stamp: Stamp
  /// What follows the stamp.
  public let rest: Rest

  /// What follows a stamp.
  public struct Rest: Sendable {
    /// The caller id's span (`T1`, `C3`) in the line, when printed.
    public let caller: Range<Int>?
    /// After the stamp (`journalctl -o short-monotonic`): true for `host kernel:`, false for a
    /// program's `host ident[pid]:`; `nil` when there is none (or it was not looked for).
    public let journal: Bool?
    /// Where the message starts in the line.
    public let message: Int
    /// The shape of a plain dmesg line: no caller id, no journal prefix, and a space between
    /// the stamp and the message (or nothing after the stamp).
    let isPlainShape: Bool
    /// The first space of the message's first 32 bytes (`min(count, 32)` when none), for the
    /// candidate test; meaningful without a journal prefix.
    let firstSpace: Int
  }

  /// The frame of the line of `count` bytes at `p` whose stamp starts at `start`, or `nil` when
  /// no printk stamp starts there. `readable`: how many bytes from `p` may be loaded (at least
  /// `count`; the scanner passes the rest of its block, so the first word is found 16 bytes at
  /// a time). `journalHost`: whether a journal prefix may follow the stamp (not after `<6>`).
  @inline(__always)
  public static func read(
    _ p: UnsafePointer<UInt8>, count: Int, readable: Int, from start: Int, journalHost: Bool
  ) -> PrintkFrame? {
    guard let (stamp, after) = Stamp.read(UnsafeRawBufferPointer(start: p, count: count), start) else {
      return nil
    }
    return PrintkFrame(
      stamp: stamp, rest: rest(p, count: count, readable: readable, after: after, journalHost: journalHost))
  }

  /// `read` for a line in a buffer that may be loaded only within it.
  public static func read(_ line: ByteView, from start: Int, journalHost: Bool) -> PrintkFrame? {
    let b = line.unsafeBytes
    guard let base = b.baseAddress else { return nil }
    return read(
      base.assumingMemoryBound(to: UInt8.self), count: b.count, readable: b.count, from: start,
      journalHost: journalHost)
  }

  /// What follows a stamp that ends just before `after` (a printk stamp, or `dmesg -T`'s wall
  /// clock) in a line that may be loaded only within it.
  public static func rest(_ line: ByteView, after: Int, journalHost: Bool) -> Rest {
    let b = line.unsafeBytes
    guard let base = b.baseAddress else {
      return Rest(caller: nil, journal: nil, message: 0, isPlainShape: true, firstSpace: 0)
    }
    return rest(
      base.assumingMemoryBound(to: UInt8.self), count: b.count, readable: b.count, after: after,
      journalHost: journalHost)
  }

  /// Where the message starts and its first space when what follows the stamp (its `]` just
  /// before `after`) has the plain shape — a space or nothing, no caller id, no journal prefix
  /// (`Rest.isPlainShape`) — else `nil`. The question the scanner asks of nearly every line,
  /// answered inline without building a `Rest`; `rest` answers it through this function.
  @_transparent
  static func plainMessage(
    _ p: UnsafePointer<UInt8>, count n: Int, readable: Int, after: Int, journalHost: Bool
  ) -> (message: Int, firstSpace: Int)? {
    var i = after
    if i < n {
      guard p[i] == 0x20 else { return nil }
      // `] [T1] …`: a caller id after the space (`CallerID.read`).
      if i &+ 1 < n, p[i &+ 1] == 0x5B,
        CallerID.read(ByteView(unsafeBytes: UnsafeRawBufferPointer(start: p, count: n)), i) != nil
      {
        return nil
      }
      i &+= 1
    }
    let word = firstWord(p + i, count: n &- i, readable: readable &- i)
    if journalHost, journal(p + i, count: n &- i, word) != nil { return nil }
    return (i, word.space)
  }

  /// The frame after a stamp that ends (its `]`) just before `after`.
  @inline(__always)
  static func rest(_ p: UnsafePointer<UInt8>, count n: Int, readable: Int, after: Int, journalHost: Bool)
    -> Rest
  {
    if let plain = plainMessage(p, count: n, readable: readable, after: after, journalHost: journalHost) {
      return Rest(
        caller: nil, journal: nil, message: plain.message, isPlainShape: true, firstSpace: plain.firstSpace)
    }
    var i = after
    var caller: Range<Int>?
    if i < n,
      let (span, next) = CallerID.read(ByteView(unsafeBytes: UnsafeRawBufferPointer(start: p, count: n)), i)
    {
      caller = span
      i = next
    }
    if i < n, p[i] == 0x20 { i &+= 1 }
    let word = firstWord(p + i, count: n &- i, readable: readable &- i)
    let journal = journalHost ? journal(p + i, count: n &- i, word) : nil
    // Not the plain shape (`plainMessage` said so): a caller id, a journal prefix, or no space.
    return Rest(
      caller: caller, journal: journal?.isKernel, message: i &+ (journal?.after ?? 0), isPlainShape: false,
      firstSpace: word.space)
  }

  /// The first word of the message at `m` (`FirstWord`), 16 bytes at a time when 32 may be read.
  @inline(__always)
  private static func firstWord(_ m: UnsafePointer<UInt8>, count: Int, readable: Int) -> (
    space: Int, punctuation: Int
  ) {
    readable >= 32 ? FirstWord.endInVector(m, count) : FirstWord.end(m, count)
  }

  /// A journal `host kernel:` / `host ident[pid]:` prefix at the start of the message `m`,
  /// whose first word is `word`: a host name is a first word ended by a space, with neither
  /// `:` nor `[` in it.
  @inline(__always)
  private static func journal(_ m: UnsafePointer<UInt8>, count: Int, _ word: (space: Int, punctuation: Int))
    -> (isKernel: Bool, after: Int)?
  {
    let limit = min(count, 32)
    if word.space < limit {
      guard word.punctuation > word.space, word.space > 0 else { return nil }
      return JournalPrefix.ident(
        UnsafeRawBufferPointer(start: m, count: count), afterHost: word.space, strict: true)
    }
    // A first word past 32 bytes (rare): the full test, which scans the host name itself.
    guard word.punctuation == limit else { return nil }
    return JournalPrefix.read(UnsafeRawBufferPointer(start: m, count: count), 0)
  }
}
