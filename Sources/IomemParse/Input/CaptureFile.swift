/// One input read once into both readers: a paste may hold /proc/iomem, kernel-log lines and
/// prose together, so each line goes to both and each takes what it understands.
public struct CaptureFile: Sendable {
  public var source: String
  public var iomem: IomemDocument
  public var log: KernelLog
  /// The mangled forms the input was found in (mail, HTML, markdown…) and what was undone.
  public var forms: PasteForms = []
  public var repairs = RepairCounts()

  /// What the input turned out to hold.
  public enum Kind: String, Sendable {
    case iomem
    case kernelLog = "kernel_log"
    case mixed, nothing
    case kdumpLog = "kexec_dmesg"
    case crashedKernelLog = "vmcore_dmesg"
  }

  public var kind: Kind {
    let hasIomem = !iomem.dumps.isEmpty
    let hasLog = log.lines.kernelMessages > 0
    switch (hasIomem, hasLog) {
    case (true, true): return .mixed
    case (true, false): return .iomem
    case (false, true):
      let name = source.split(separator: "/").last.map(String.init) ?? source
      if name.hasPrefix("kexec-dmesg") { return .kdumpLog }
      if name.hasPrefix("vmcore-dmesg") { return .crashedKernelLog }
      return .kernelLog
    case (false, false): return .nothing
    }
  }

  /// Reads `path` (`-` for stdin, cited as `<stdin>`) in one streaming pass.
  public static func read(path: String) throws(InputError) -> CaptureFile {
    let name = path == "-" ? "<stdin>" : path
    var readers = BothReaders(source: name)
    var decoder = PasteDecoder()
    try LineReader(path: path).forEachBlock { decoder.feed(block: $0, firstLine: $1, into: &readers) }
    return readers.finish(&decoder)
  }

  /// Reads text already in memory, named `source` (tests, rule examples).
  public static func read(text: String, source: String) -> CaptureFile {
    var readers = BothReaders(source: source)
    var decoder = PasteDecoder()
    var splitter = LineSplitter()
    Array(text.utf8).withUnsafeBytes {
      splitter.feedBlocks($0) { decoder.feed(block: $0, firstLine: $1, into: &readers) }
    }
    splitter.finishBlocks { decoder.feed(block: $0, firstLine: $1, into: &readers) }
    return readers.finish(&decoder)
  }
}

/// Both readers fed the same lines.
private struct BothReaders: RepairedLineSink {
  var iomem: IomemReader
  var log: KernelLogReader

  init(source: String) {
    iomem = IomemReader(source: source)
    log = KernelLogReader(source: source)
  }

  mutating func take(block: UnsafeRawBufferPointer, firstLine: Int) -> Int {
    _ = iomem.feed(block: block, firstLine: firstLine)
    return log.feed(block: block, firstLine: firstLine)
  }

  mutating func take(line: UnsafeRawBufferPointer, number: Int, column: Int?) {
    iomem.feed(line, line: number, column: column)
    log.feed(line, line: number, column: column)
  }

  mutating func finish(_ decoder: inout PasteDecoder) -> CaptureFile {
    decoder.finish(into: &self)
    var file = CaptureFile(source: iomem.source, iomem: iomem.finish(), log: log.finish())
    file.forms = decoder.forms ?? []
    file.repairs = decoder.counts
    return file
  }
}
