@_spi(UnsafeBytes) public import ByteInput

/// The messages a classifier wants to see, as data the scanner tests every line with, so that
/// no line calls into the domain until it is a candidate: literal prefixes (`PrefixFilter`) and
/// a shape the second word may take (dev_printk's `name dddd:bb:dd.f: …`, whatever the
/// driver's name). Immutable, so scanning threads share it.
public final class CandidateFilter: Sendable {
  private let prefixes: PrefixFilter
  private let secondWord: WordShape?

  /// `prefixes` each longer than two bytes; `secondWord` a pattern of at most 16 bytes in which
  /// `?` stands for any byte, matched just after the message's first space (within its first
  /// 32 bytes) and followed by at least one more byte.
  public init(prefixes: [[UInt8]], secondWord: String?) {
    self.prefixes = PrefixFilter(prefixes)
    self.secondWord = secondWord.map(WordShape.init)
  }

  /// Whether the message `m` is a candidate.
  public func admits(_ message: ByteView) -> Bool {
    let m = message.unsafeBytes
    guard let base = m.baseAddress else { return false }
    let p = base.assumingMemoryBound(to: UInt8.self)
    return admits(p, m.count, readable: m.count, space: FirstWord.end(p, m.count).space)
  }

  /// Whether the message `m`'s second word has the shape (for a catalog that reads such lines
  /// with patterns of their own).
  public func secondWordMatches(_ message: ByteView) -> Bool {
    let m = message.unsafeBytes
    guard let base = m.baseAddress, let secondWord else { return false }
    let p = base.assumingMemoryBound(to: UInt8.self)
    return secondWord.matches(p, m.count, readable: m.count, space: FirstWord.end(p, m.count).space)
  }

  /// `admits` for `count` bytes at `m` whose first space (`FirstWord`) is known; `readable`
  /// bytes from `m` may be loaded.
  @inline(__always)
  func admits(_ m: UnsafePointer<UInt8>, _ count: Int, readable: Int, space: Int) -> Bool {
    if prefixes.matches(m, count) { return true }
    guard let secondWord else { return false }
    return secondWord.matches(m, count, readable: readable, space: space)
  }
}

/// Up to 16 bytes, some fixed and some free, compared as two masked words.
struct WordShape: Sendable {
  private let length: Int
  private let mask: (UInt64, UInt64)
  private let value: (UInt64, UInt64)

  /// `pattern`: at most 16 bytes, `?` for a free one.
  init(_ pattern: String) {
    let bytes = Array(pattern.utf8)
    precondition(bytes.count <= 16, "a word shape is compared as two words")
    var mask = (UInt64(0), UInt64(0))
    var value = (UInt64(0), UInt64(0))
    for (k, b) in bytes.enumerated() where b != UInt8(ascii: "?") {
      let shift = UInt64((k & 7) * 8)
      if k < 8 {
        mask.0 |= 0xFF << shift
        value.0 |= UInt64(b) << shift
      } else {
        mask.1 |= 0xFF << shift
        value.1 |= UInt64(b) << shift
      }
    }
    length = bytes.count
    self.mask = mask
    self.value = value
  }

  /// Whether the shape sits just after the first space (`space`, within the first 32 bytes) of
  /// the `count` bytes at `m`, with at least one byte after it.
  @inline(__always)
  func matches(_ m: UnsafePointer<UInt8>, _ count: Int, readable: Int, space: Int) -> Bool {
    let a = space &+ 1
    guard space < min(count, 32), a &+ length < count else { return false }
    var words = (UInt64(0), UInt64(0))
    if readable &- a >= 16 {
      words = (
        UnsafeRawPointer(m + a).loadUnaligned(as: UInt64.self),
        UnsafeRawPointer(m + (a &+ 8)).loadUnaligned(as: UInt64.self)
      )
    } else {
      withUnsafeMutableBytes(of: &words) {
        $0.copyMemory(from: UnsafeRawBufferPointer(start: m + a, count: count &- a))
      }
    }
    return words.0 & mask.0 == value.0 && words.1 & mask.1 == value.1
  }
}
