internal import CByteInput

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits a byte stream fed in arbitrary pieces into lines; the piece boundaries never show.
///
/// It hands out blocks: one or more whole lines, each ended by `\n` except that the last line of
/// the input may lack one. A line cut by a piece boundary is carried and handed out alone.
public struct LineSplitter: Sendable {
  private var carry: [UInt8] = []
  private var lineNumber = 0

  public init() {}

  /// Number of lines handed out so far.
  public var linesSeen: Int { lineNumber }

  /// Line by line: `body` gets each line (without `\n` or a CR before it) and its number.
  public mutating func feed(_ bytes: ByteView, _ body: (ByteView, Int) -> Void) {
    feedBlocks(bytes) { block, first in LineSplitter.forEachLine(in: block, firstLine: first, body) }
  }

  /// Hands out the last line when the input does not end in a newline.
  public mutating func finish(_ body: (ByteView, Int) -> Void) {
    finishBlocks { block, first in LineSplitter.forEachLine(in: block, firstLine: first, body) }
  }

  /// Block by block: `body` gets whole lines and the number of the first; it returns how many
  /// lines the block held.
  public mutating func feedBlocks(_ bytes: ByteView, _ body: (ByteView, Int) -> Int) {
    feedBlocks(bytes.storage, body)
  }

  /// `feedBlocks` over bytes the caller owns (a mapped window, a read chunk).
  mutating func feedBlocks(_ bytes: UnsafeRawBufferPointer, _ body: (ByteView, Int) -> Int) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    let count = bytes.count
    var start = 0
    if !carry.isEmpty {
      guard let hit = memchr(base, 0x0A, count) else {
        carry.append(contentsOf: bytes)
        return
      }
      start = base.distance(to: UnsafeRawPointer(hit)) + 1
      carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<start]))
      lineNumber += carry.withByteView { body($0, lineNumber + 1) }
      carry.removeAll(keepingCapacity: carry.count < 1 << 16)
    }
    guard start < count else { return }
    guard let last = memrchr(base + start, 0x0A, count - start) else {
      carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<count]))
      return
    }
    let end = base.distance(to: UnsafeRawPointer(last)) + 1
    lineNumber += body(
      ByteView(storage: UnsafeRawBufferPointer(rebasing: bytes[start..<end])), lineNumber + 1)
    if end < count { carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[end..<count])) }
  }

  /// Hands out the last line when the input does not end in a newline.
  public mutating func finishBlocks(_ body: (ByteView, Int) -> Int) {
    guard !carry.isEmpty else { return }
    lineNumber += carry.withByteView { body($0, lineNumber + 1) }
    carry.removeAll()
  }

  /// Calls `body` with each line of a block (without `\n`, and without a CR before it) and its
  /// number; returns how many lines the block held.
  @discardableResult
  public static func forEachLine(
    in view: ByteView, firstLine: Int, _ body: (ByteView, Int) -> Void
  ) -> Int {
    let block = view.storage
    guard let base = block.baseAddress else { return 0 }
    let count = block.count
    var start = 0
    var number = firstLine
    while start < count {
      let end =
        memchr(base + start, 0x0A, count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? count
      let stop = end > start && block[end - 1] == 0x0D ? end - 1 : end
      body(ByteView(storage: UnsafeRawBufferPointer(rebasing: block[start..<stop])), number)
      number += 1
      start = end + 1
    }
    return number - firstLine
  }
}
