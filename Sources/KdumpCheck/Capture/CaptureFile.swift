public import ByteInput
public import IomemParse

/// One input read once into all three readers: a paste may hold /proc/iomem, kernel-log lines,
/// command output and prose together, so each line goes to each and each takes what it
/// understands.
public struct CaptureFile: Sendable {
  /// The input's name: its path, or for a rotated log read as one stream its newest file.
  public var source: String
  /// The files read, oldest first: `source` alone, or every file of a rotated log.
  public var files: [String]
  public var iomem: IomemDocument
  public var log: KernelLog
  /// Command output and configuration files (`/proc/cmdline`, `kdump-config show`, kernel
  /// config lines…) read as facts.
  public var shell = ShellOutput()
  /// The mangled forms the input was found in (mail, HTML, markdown…) and what was undone.
  public var forms: PasteForms = []
  public var repairs = RepairCounts()

  /// What the input turned out to hold.
  public enum Kind: String, Sendable {
    case iomem
    case kernelLog = "kernel_log"
    case mixed, nothing
    case commandOutput = "command_output"
    case kdumpLog = "kexec_dmesg"
    case crashedKernelLog = "vmcore_dmesg"
  }

  public var kind: Kind {
    let hasIomem = !iomem.dumps.isEmpty
    let hasLog = log.lines.kernelMessages > 0
    switch (hasIomem, hasLog) {
    case (true, true): return .mixed
    case (true, false): return shell.facts.isEmpty ? .iomem : .mixed
    case (false, true):
      let name = source.split(separator: "/").last.map(String.init) ?? source
      if name.hasPrefix("kexec-dmesg") { return .kdumpLog }
      if name.hasPrefix("vmcore-dmesg") { return .crashedKernelLog }
      return .kernelLog
    case (false, false): return shell.facts.isEmpty ? .nothing : .commandOutput
    }
  }

  /// A log's boots alone, as if read from `source`: a segment of a long log checked on its own.
  public init(source: String, files: [String], boots: [KernelBoot]) {
    self.init(
      source: source, files: files,
      iomem: IomemDocument(empty: source),
      log: KernelLog(source: source, boots: boots, bootCount: boots.count))
  }

  init(source: String, files: [String], iomem: IomemDocument, log: KernelLog) {
    self.source = source
    self.files = files
    self.iomem = iomem
    self.log = log
  }

  /// Reads `path` (`-` for stdin, cited as `<stdin>`) in one streaming pass.
  public static func read(path: String) throws(InputError) -> CaptureFile {
    var reader = CaptureFileReader(source: path == "-" ? "<stdin>" : path)
    try reader.read(path: path)
    return reader.finish()
  }

  /// Reads a log's files oldest first as one stream (a single file as itself, `-` as stdin). A
  /// file that cannot be read goes to `unreadable`, which may throw to stop the run; otherwise
  /// the stream goes on without it. `nil` when no file could be read.
  /// With `onBoot`, each boot is handed to it as soon as its role is decided and not kept
  /// (`KernelLogReader.onBoot`): the file's `log.boots` is then empty.
  public static func read<Failure: Error>(
    _ log: RotatedLog, onBoot: ((KernelBoot) -> Void)? = nil,
    unreadable: (String, InputError) throws(Failure) -> Void
  ) throws(Failure) -> CaptureFile? {
    let single = log.files.count == 1
    var reader =
      single
      ? CaptureFileReader(source: log.files[0] == "-" ? "<stdin>" : log.files[0])
      : CaptureFileReader(rotated: log)
    reader.onBoot = onBoot
    var readAny = false
    for path in log.files {
      do {
        try reader.read(path: path, beginning: !single)
        readAny = true
      } catch {
        try unreadable(path, error)
      }
    }
    return readAny ? reader.finish() : nil
  }

  /// Reads text already in memory, named `source` (tests, rule examples).
  public static func read(text: String, source: String) -> CaptureFile {
    var reader = CaptureFileReader(source: source)
    Array(text.utf8).withByteView { reader.feed(chunk: $0) }
    return reader.finish()
  }
}

/// Builds a `CaptureFile` from bytes as they arrive — blocks of whole lines from a
/// `LineReader`, or arbitrary pieces of an archive entry — through the repair layer into both
/// readers.
public struct CaptureFileReader: ArchiveEntryReader {
  private var readers: BothReaders
  private var decoder = PasteDecoder()
  private var splitter = LineSplitter()
  private var files: [String]
  /// The forms and repairs of the files before the current one (a rotated log's).
  private var forms: PasteForms = []
  private var repairs = RepairCounts()

  /// Hands each boot out as soon as its role is decided instead of keeping it.
  public var onBoot: ((KernelBoot) -> Void)? {
    get { readers.log.onBoot }
    set { readers.log.onBoot = newValue }
  }

  /// A reader for the input `source`, whose first file is `source` itself.
  public init(source: String) {
    readers = BothReaders(source: source)
    files = [source]
  }

  /// A reader for a rotated log read as one stream, named by its newest file; call
  /// `beginFile` before each file, oldest first.
  public init(rotated log: RotatedLog) {
    readers = BothReaders(source: log.newest)
    files = []
  }

  /// Goes on with the next file of a rotated log: its lines are numbered and cited in `file`,
  /// its mangled forms are detected afresh, and boots carry on across it.
  public mutating func beginFile(_ file: String) {
    if !files.isEmpty {
      splitter.finishBlocks { decoder.feed(block: $0, firstLine: $1, into: &readers) }
      decoder.finish(into: &readers)
      forms.formUnion(decoder.forms ?? [])
      repairs.add(decoder.counts)
      decoder = PasteDecoder()
      splitter = LineSplitter()
    }
    files.append(file)
    readers.beginFile(file)
  }

  /// Reads the file at `path` (`-` for stdin) to its end: as the current file, or when
  /// `beginning`, as the next file of a rotated log (begun only once its content is known to
  /// be text, so a file that is not leaves no mark on the stream).
  public mutating func read(path: String, beginning: Bool = false) throws(InputError) {
    var begun = !beginning
    try LineReader(path: path).forEachBlock { block, firstLine in
      if !begun {
        beginFile(path)
        begun = true
      }
      return feed(block: block, firstLine: firstLine)
    }
    if !begun { beginFile(path) }
  }

  /// Takes whole lines (see `LineSplitter.feedBlocks`); returns how many.
  public mutating func feed(block: ByteView, firstLine: Int) -> Int {
    decoder.feed(block: block, firstLine: firstLine, into: &readers)
  }

  /// Takes the next bytes of the input, cut anywhere.
  public mutating func feed(chunk: ByteView) {
    splitter.feedBlocks(chunk) { decoder.feed(block: $0, firstLine: $1, into: &readers) }
  }

  public mutating func finish() -> CaptureFile {
    splitter.finishBlocks { decoder.feed(block: $0, firstLine: $1, into: &readers) }
    var file = readers.finish(&decoder)
    file.files = files
    file.forms.formUnion(forms)
    file.repairs.add(repairs)
    return file
  }
}

/// An archive's or a directory's file and what became of it: read as a `CaptureFile`, or
/// skipped with the reason.
public typealias CaptureMember = ArchiveMember<CaptureFile>

/// The three readers fed the same lines.
private struct BothReaders: RepairedLineSink {
  var iomem: IomemReader
  var log: KernelLogReader
  var shell: ShellFactReader

  init(source: String) {
    iomem = IomemReader(source: source)
    log = KernelLogReader(source: source)
    shell = ShellFactReader(source: source)
  }

  mutating func take(block: ByteView, firstLine: Int) -> Int {
    // The log reader's scan finds the lines (on every core) and hands them on: a run of plain
    // log lines is nothing to the /proc/iomem and shell readers, which take it whole.
    log.feed(block: block, firstLine: firstLine) { lines in
      switch lines {
      case .line(let line, let number):
        iomem.feed(line, line: number)
        shell.feed(line, line: number)
      case .plainRun(let bytes, let first, let count):
        iomem.feedPlainLogLines(bytes, first: first, count: count)
        shell.feedPlainLogLines(bytes, first: first)
      }
    }
  }

  mutating func take(line: ByteView, number: Int, column: Int?) {
    iomem.feed(line, line: number, column: column)
    shell.feed(line, line: number, column: column)
    log.feed(line, line: number, column: column)
  }

  mutating func beginFile(_ file: String) {
    iomem.beginFile(file)
    shell.beginFile(file)
    log.beginFile(file)
  }

  mutating func finish(_ decoder: inout PasteDecoder) -> CaptureFile {
    decoder.finish(into: &self)
    var file = CaptureFile(
      source: iomem.source, files: [iomem.source], iomem: iomem.finish(), log: log.finish())
    file.shell = shell.finish()
    file.forms = decoder.forms ?? []
    file.repairs = decoder.counts
    return file
  }
}
