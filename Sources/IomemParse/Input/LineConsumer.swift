/// A reader fed one line at a time: the /proc/iomem reader and the kernel-log reader share how
/// they are driven from a file, stdin or text in memory.
public protocol LineConsumer {
  associatedtype Output
  init(source: String)
  /// Takes one physical line (without its newline) and its 1-based number.
  mutating func feed(_ line: UnsafeRawBufferPointer, line: Int)
  mutating func finish() -> Output
}

extension LineConsumer {
  /// Reads a whole input (file path, or `-` for stdin), streaming; `prepare` can set the reader
  /// up first (e.g. a callback that takes results as they are ready).
  public static func read(path: String, prepare: (inout Self) -> Void = { _ in }) throws(InputError) -> Output
  {
    var reader = Self(source: path)
    prepare(&reader)
    try LineReader(path: path).forEachLine { bytes, number in reader.feed(bytes, line: number) }
    return reader.finish()
  }

  /// Reads text already in memory (tests, pastes, rule examples).
  public static func read(text: String, source: String) -> Output {
    var reader = Self(source: source)
    var splitter = LineSplitter()
    Array(text.utf8).withUnsafeBytes { splitter.feed($0) { reader.feed($0, line: $1) } }
    splitter.finish { reader.feed($0, line: $1) }
    return reader.finish()
  }
}
