public import ByteInput

/// A reader fed one line at a time: the /proc/iomem reader and the kernel-log reader share how
/// they are driven from a file, stdin or text in memory.
public protocol LineConsumer: RepairedLineSink {
  associatedtype Output
  init(source: String)
  /// Takes one physical line (without its newline) and its 1-based number.
  mutating func feed(_ line: ByteView, line: Int)
  /// Takes one repaired text line cited as physical line `line`, starting at byte `column` of
  /// it when that line held several (see `PasteDecoder`).
  mutating func feed(_ line: ByteView, line: Int, column: Int?)
  /// Takes a block of whole lines (see `LineSplitter.feedBlocks`) whose first line is
  /// `firstLine`, and returns how many lines it held. The default feeds them one by one; a reader
  /// with a fast path for common lines reads the block in place.
  mutating func feed(block: ByteView, firstLine: Int) -> Int
  /// Records what the repair layer undid in this input (one note for the whole input).
  mutating func noteRepairs(_ forms: PasteForms, _ counts: RepairCounts)
  mutating func finish() -> Output
}

extension LineConsumer {
  public mutating func take(block: ByteView, firstLine: Int) -> Int {
    feed(block: block, firstLine: firstLine)
  }

  public mutating func take(line: ByteView, number: Int, column: Int?) {
    feed(line, line: number, column: column)
  }

  public mutating func feed(block: ByteView, firstLine: Int) -> Int {
    LineSplitter.forEachLine(in: block, firstLine: firstLine) { feed($0, line: $1) }
  }

  /// Reads a whole input (file path, or `-` for stdin), streaming; `prepare` can set the reader
  /// up first (e.g. a callback that takes results as they are ready).
  public static func read(path: String, prepare: (inout Self) -> Void = { _ in }) throws(InputError) -> Output
  {
    var reader = Self(source: path)
    prepare(&reader)
    var decoder = PasteDecoder()
    try LineReader(path: path).forEachBlock { decoder.feed(block: $0, firstLine: $1, into: &reader) }
    decoder.finish(into: &reader)
    reader.noteRepairs(decoder.forms ?? [], decoder.counts)
    return reader.finish()
  }

  /// Reads text already in memory (tests, pastes, rule examples), through the same block path
  /// as files.
  public static func read(text: String, source: String) -> Output {
    var reader = Self(source: source)
    var splitter = LineSplitter()
    var decoder = PasteDecoder()
    Array(text.utf8).withByteView {
      splitter.feedBlocks($0) { decoder.feed(block: $0, firstLine: $1, into: &reader) }
    }
    splitter.finishBlocks { decoder.feed(block: $0, firstLine: $1, into: &reader) }
    decoder.finish(into: &reader)
    reader.noteRepairs(decoder.forms ?? [], decoder.counts)
    return reader.finish()
  }
}
