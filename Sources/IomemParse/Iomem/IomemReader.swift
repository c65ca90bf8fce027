public import ByteInput
internal import LineScan
internal import PCRE2

/// Reads /proc/iomem dumps out of whatever a user pasted: clean dumps, flattened mail pastes,
/// quoted or quoted-printable text, non-root reads, several dumps in one input.
///
/// Feed it lines in order (`feed`), then `finish()`. Every line ends up counted in
/// `IomemDocument.lines`; nothing is dropped without a count or a diagnostic.
public struct IomemReader: LineConsumer {
  /// The input's name: a file's path, or a rotated log's newest file.
  public let source: String
  /// The file being read, which lines are cited by (see `beginFile`).
  public private(set) var file: String
  private let grammar = IomemLineGrammar.shared
  private let matchData = PCRE2MatchData(captures: 4)
  private var account = LineAccount()
  private var diagnostics: [Diagnostic] = []
  private var dumps: [IomemDump] = []
  private var ioports: [IomemDump] = []
  private var block: [IomemEntryLine] = []
  private var blockFirstLine = 0
  private var blockLastLine = 0
  private var blankSinceEntry = false
  /// An entry line that ended in `=` in an input not detected as quoted-printable (the
  /// repair layer joins soft breaks where it is): joined with the next line unless that line
  /// stands on its own, when the `=` stays part of the name.
  private var pending: (bytes: [UInt8], line: Int)?

  /// The column of the line being fed, when its physical line held several.
  private var column: Int?

  public init(source: String) {
    self.source = source
    self.file = source
  }

  /// Goes on from the next `file` of a rotated log read as one stream: a dump never runs
  /// across files, so the one being read ends here.
  public mutating func beginFile(_ file: String) {
    if let held = pending {
      pending = nil
      release(held)
    }
    closeBlock()
    self.file = file
  }

  /// Takes one physical line (without its newline) and its 1-based number.
  public mutating func feed(_ raw: ByteView, line: Int) {
    feed(raw, line: line, column: nil)
  }

  /// Takes one repaired text line cited as physical line `line` and, when that line held
  /// several, the byte `column` it starts at (see `PasteDecoder`).
  public mutating func feed(_ raw: ByteView, line: Int, column: Int?) {
    self.column = column
    account.total += 1
    if pending == nil, IomemLineGrammar.isPlainText(raw) {
      // What `handle` does with `.text`, without copying the line.
      closeBlock()
      skip(line)
      return
    }
    var bytes = Array(raw)
    if let held = pending {
      pending = nil
      if case .entry = grammar.classify(bytes, source: file, line: line, using: matchData) {
        release(held)
      } else {
        account.joined += 1
        handle(held.bytes + bytes, line: held.line, softBreak: true)
        return
      }
    }
    if bytes.last == UInt8(ascii: "="), startsLikeEntry(bytes) {
      bytes.removeLast()
      pending = (bytes, line)
      return
    }
    handle(bytes, line: line, softBreak: false)
  }

  /// Takes a run of plain log lines (`ScannedLines.plainRun`): each is text to this reader, so
  /// the run ends an open dump and is skipped whole — as `feed` would line by line, which it
  /// does when a line ending in `=` waits for its continuation.
  public mutating func feedPlainLogLines(_ bytes: ByteView, first: Int, count: Int) {
    guard pending == nil else {
      _ = LineSplitter.forEachLine(in: bytes, firstLine: first) { feed($0, line: $1) }
      return
    }
    column = nil
    account.total += count
    closeBlock()
    account.skipped += count
    account.skippedSpans.add(first...(first + count - 1))
  }

  public mutating func noteRepairs(_ forms: PasteForms, _ counts: RepairCounts) {
    if let note = Diagnostic.repaired(forms, counts, source: source) { diagnostics.append(note) }
  }

  /// Closes the last dump and returns what was read.
  public mutating func finish() -> IomemDocument {
    if let held = pending {
      pending = nil
      release(held)
    }
    closeBlock()
    if dumps.isEmpty && ioports.isEmpty {
      diagnostics.append(
        Diagnostic(
          .error, "iomem.none", source: source, line: 0,
          account.total == 0
            ? "the input is empty"
            : "no /proc/iomem lines found (\(account.total) lines read); expected lines like `00100000-f7feffff : System RAM`"
        ))
    }
    return IomemDocument(
      source: source, dumps: dumps, ioports: ioports, diagnostics: diagnostics, lines: account)
  }

  /// A held line whose `=` joined nothing: the `=` is part of its name.
  private mutating func release(_ held: (bytes: [UInt8], line: Int)) {
    handle(held.bytes + [UInt8(ascii: "=")], line: held.line, softBreak: false)
  }

  private func startsLikeEntry(_ b: [UInt8]) -> Bool {
    let t = b.trimmingSpaces()
    return t.count >= 4 && t.prefix(4).allSatisfy { ByteLanes.hexValue($0) != nil }
  }

  private mutating func handle(_ bytes: [UInt8], line: Int, softBreak: Bool) {
    switch grammar.classify(bytes, source: file, line: line, using: matchData) {
    case .entry(var entry):
      var repairs: [String] = softBreak ? ["a line break after `=` (quoted-printable soft break)"] : []
      if let cut = IomemReader.annotationStart(entry.name) {
        entry.name = String(entry.name[..<cut]).trimmingTrailingSpaces()
        repairs.append("an appended annotation")
      }
      if !repairs.isEmpty || column != nil {
        entry.provenance = Provenance(
          source: file, line: line, column: column,
          text: repairs.isEmpty ? entry.provenance.text : Self.canonicalText(entry))
      }
      if !repairs.isEmpty {
        diagnostics.append(
          Diagnostic(
            .note, "iomem.repaired", source: file, line: line,
            "removed " + repairs.joined(separator: " and ")))
      }
      if entry.name.isEmpty {
        diagnostics.append(
          Diagnostic(.warning, "iomem.empty-name", source: file, line: line, "entry has an empty name"))
      }
      addEntry(entry)
    case .bad(let why):
      if block.isEmpty {
        skip(line)
      } else {
        account.bad += 1
        blockLastLine = line
        diagnostics.append(Diagnostic(.error, "iomem.bad-line", source: file, line: line, why))
      }
    case .elision:
      if block.isEmpty {
        skip(line)
      } else {
        account.elisions += 1
        blockLastLine = line
        diagnostics.append(
          Diagnostic(
            .note, "iomem.elision", source: file, line: line,
            "elision: entries were left out of the paste here; the dump goes on after it"))
      }
    case .blank:
      account.blank += 1
      blankSinceEntry = true
    case .text:
      closeBlock()
      skip(line)
    }
  }

  /// The entry as the kernel would print it flat, for provenance of a repaired line.
  private static func canonicalText(_ e: IomemEntryLine) -> String {
    let w = max(8, e.digits)
    return "\(Hex.padded(e.range.start, width: w))-\(Hex.padded(e.range.end, width: w)) : \(e.name)"
  }

  /// Start of an appended `// comment` or `<-- note` in a name.
  static func annotationStart(_ name: String) -> String.Index? {
    let bytes = Array(name.utf8)
    guard bytes.count >= 2 else { return nil }
    for i in 0..<(bytes.count - 1) {
      let atStartOrAfterSpace = i == 0 || bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09
      let marker =
        (bytes[i] == UInt8(ascii: "/") && bytes[i + 1] == UInt8(ascii: "/"))
        || (i > 0 && bytes[i] == UInt8(ascii: "<") && bytes[i + 1] == UInt8(ascii: "-"))
      if marker && atStartOrAfterSpace {
        var cut = i
        while cut > 0, bytes[cut - 1] == 0x20 || bytes[cut - 1] == 0x09 { cut -= 1 }
        return name.utf8.index(name.utf8.startIndex, offsetBy: cut)
      }
    }
    return nil
  }

  private mutating func addEntry(_ entry: IomemEntryLine) {
    if let last = block.last {
      let widthChanged = (entry.digits < 8) != (last.digits < 8)
      let wentBack =
        !entry.isZero && entry.range.start < last.range.start
        && (blankSinceEntry || entry.range.start <= block[0].range.start)
      let zeroAfterReal = entry.isZero && !last.isZero
      if widthChanged || wentBack || zeroAfterReal { closeBlock() }
    }
    if block.isEmpty { blockFirstLine = entry.provenance.line }
    block.append(entry)
    blockLastLine = entry.provenance.line
    blankSinceEntry = false
  }

  private mutating func skip(_ line: Int) {
    account.skipped += 1
    account.skippedSpans.add(line)
  }

  private mutating func closeBlock() {
    guard !block.isEmpty else { return }
    defer {
      block.removeAll()
      blankSinceEntry = false
    }
    let isIoports = block.allSatisfy { $0.digits < 8 }
    var nester = IomemNester(source: file, entries: block)
    let dump = nester.build(firstLine: blockFirstLine, lastLine: blockLastLine)
    diagnostics.append(contentsOf: nester.diagnostics)
    let span = "lines \(blockFirstLine)-\(blockLastLine)"
    if isIoports {
      account.ioports += block.count
      ioports.append(dump)
      diagnostics.append(
        Diagnostic(
          .warning, "iomem.ioports", source: file, line: blockFirstLine,
          "\(span) look like /proc/ioports (4-digit port numbers), not /proc/iomem: set aside, not part of the memory map"
        ))
      return
    }
    account.entries += block.count
    dumps.append(dump)
  }
}
