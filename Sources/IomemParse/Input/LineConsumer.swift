/// A reader fed one line at a time: the /proc/iomem reader and the kernel-log reader share how
/// they are driven from a file, stdin or text in memory.
public protocol LineConsumer {
  associatedtype Output
  init(source: String)
  /// Takes one physical line (without its newline) and its 1-based number.
  mutating func feed(_ line: UnsafeRawBufferPointer, line: Int)
  /// Takes a block of whole lines (see `LineSplitter.feedBlocks`) whose first line is
  /// `firstLine`, and returns how many lines it held. The default feeds them one by one; a reader
  /// with a fast path for common lines reads the block in place.
  mutating func feed(block: UnsafeRawBufferPointer, firstLine: Int) -> Int
  mutating func finish() -> Output
}

extension LineConsumer {
  public mutating func feed(block: UnsafeRawBufferPointer, firstLine: Int) -> Int {
    LineSplitter.forEachLine(in: block, firstLine: firstLine) { feed($0, line: $1) }
  }

  /// Reads a whole input (file path, or `-` for stdin), streaming; `prepare` can set the reader
  /// up first (e.g. a callback that takes results as they are ready).
  public static func read(path: String, prepare: (inout Self) -> Void = { _ in }) throws(InputError) -> Output
  {
    var reader = Self(source: path)
    prepare(&reader)
    try LineReader(path: path).forEachBlock { reader.feed(block: $0, firstLine: $1) }
    return reader.finish()
  }

  /// Reads text already in memory (tests, pastes, rule examples), through the same block path
  /// as files.
  public static func read(text: String, source: String) -> Output {
    var reader = Self(source: source)
    var splitter = LineSplitter()
    Array(text.utf8).withUnsafeBytes { splitter.feedBlocks($0) { reader.feed(block: $0, firstLine: $1) } }
    splitter.finishBlocks { reader.feed(block: $0, firstLine: $1) }
    return reader.finish()
  }
}
