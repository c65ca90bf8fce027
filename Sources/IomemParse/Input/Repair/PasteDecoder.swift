public import ByteInput
internal import LineScan

/// Where the repair layer hands lines: whole blocks when the input needs no repair (the readers'
/// fast path), one repaired line at a time when it does.
public protocol RepairedLineSink {
  /// Whole physical lines, untouched; returns how many the block held.
  mutating func take(block: ByteView, firstLine: Int) -> Int
  /// One repaired text line, cited as physical line `number` (the first, when quoted-printable
  /// soft breaks joined several) and, when that line held several text lines, `column`.
  mutating func take(line: ByteView, number: Int, column: Int?)
}

/// Undoes what mail archives, web pages, markdown and forums did to a capture, for every reader
/// at once and before any of them: quoted-printable, HTML, markdown code blocks, forum markup,
/// email quoting and non-breaking spaces (see `PasteForms`).
///
/// The forms are decided on the input's first mebibyte (`PasteForms.headBytes`); an input that
/// shows none is handed on in whole blocks, untouched. Line numbers stay those of the input as
/// given. Memory: the head while deciding, one quoted-printable logical line, and an indented
/// markdown block up to `MarkdownBlocks.heldLimit` lines.
public struct PasteDecoder {
  /// The forms found, once decided.
  public private(set) var forms: PasteForms?
  /// What was undone so far.
  public private(set) var counts = RepairCounts()
  private var head: [UInt8] = []
  private var headFirstLine = 1
  private var softBroken: (bytes: [UInt8], number: Int)?
  private var html = HTMLText()
  private var markdown = MarkdownBlocks()

  public init() {}

  /// Takes a block of whole physical lines (see `LineSplitter.feedBlocks`); returns how many.
  public mutating func feed<Sink: RepairedLineSink>(
    block: ByteView, firstLine: Int, into sink: inout Sink
  ) -> Int {
    if let forms { return process(block, firstLine: firstLine, forms, &sink) }
    if head.isEmpty && block.count >= PasteForms.headBytes {
      let forms = PasteForms.detect(block.extracting(0..<PasteForms.headBytes))
      self.forms = forms
      return process(block, firstLine: firstLine, forms, &sink)
    }
    if head.isEmpty { headFirstLine = firstLine }
    head.append(contentsOf: block)
    if head.count >= PasteForms.headBytes { decide(&sink) }
    return Self.lineCount(block)
  }

  /// Hands on what is still held (a short input's head, a last soft-broken line, an open
  /// markdown block).
  public mutating func finish<Sink: RepairedLineSink>(into sink: inout Sink) {
    if forms == nil { decide(&sink) }
    if let held = softBroken {
      softBroken = nil
      repairTransport(held.bytes, held.number, &sink)
    }
    var counts = self.counts
    markdown.finish(counts: &counts) { line in
      line.bytes.withByteView { sink.take(line: $0, number: line.number, column: line.column) }
    }
    self.counts = counts
  }

  private mutating func decide<Sink: RepairedLineSink>(_ sink: inout Sink) {
    let held = head
    head = []
    let forms = held.withByteView { PasteForms.detect($0) }
    self.forms = forms
    _ = held.withByteView { process($0, firstLine: headFirstLine, forms, &sink) }
  }

  /// Hands a block on, repaired as `forms` say; returns how many physical lines it held.
  private mutating func process<Sink: RepairedLineSink>(
    _ block: ByteView, firstLine: Int, _ forms: PasteForms, _ sink: inout Sink
  ) -> Int {
    guard block.count > 0 else { return 0 }
    guard !forms.isEmpty else { return sink.take(block: block, firstLine: firstLine) }
    return LineSplitter.forEachLine(in: block, firstLine: firstLine) { line, number in
      if forms.contains(.quotedPrintable) {
        joinSoftBreaks(Array(line), number, &sink)
      } else {
        repairText(Array(line), number, forms, &sink)
      }
    }
  }

  /// Quoted-printable: a line ending in `=` goes on in the next one; escapes are decoded once
  /// the logical line is whole (so an address split by a soft break is whole again).
  private mutating func joinSoftBreaks<Sink: RepairedLineSink>(
    _ line: [UInt8], _ number: Int, _ sink: inout Sink
  ) {
    var bytes = line
    var first = number
    if let held = softBroken {
      softBroken = nil
      var rest = line
      // A reply that quotes a mangled paste quotes its continuation lines too.
      if PasteRepair.stripQuotePrefix(held.bytes) != nil, let unquoted = PasteRepair.stripQuotePrefix(rest) {
        rest = unquoted
        counts.quotePrefixes += 1
      }
      if Self.startsRecord(rest) {
        // A log line or /proc/iomem entry starts a line of its own: the `=` broke nothing.
        repairTransport(held.bytes, held.number, &sink)
      } else {
        bytes = held.bytes + rest
        first = held.number
      }
    }
    if bytes.last == 0x3D {
      bytes.removeLast()
      counts.softLineBreaks += 1
      softBroken = (bytes, first)
      return
    }
    repairTransport(bytes, first, &sink)
  }

  private mutating func repairTransport<Sink: RepairedLineSink>(
    _ bytes: [UInt8], _ number: Int, _ sink: inout Sink
  ) {
    var bytes = bytes
    if let decoded = PasteRepair.decodeQuotedPrintable(bytes) {
      counts.quotedPrintableEscapes += bytes.count - decoded.count
      bytes = decoded
    }
    repairText(bytes, number, forms ?? [], &sink)
  }

  /// HTML first (it decides where text lines are), then each text line's inline markup, then
  /// markdown's code blocks.
  private mutating func repairText<Sink: RepairedLineSink>(
    _ line: [UInt8], _ number: Int, _ forms: PasteForms, _ sink: inout Sink
  ) {
    var counts = self.counts
    defer { self.counts = counts }
    let segments =
      forms.contains(.html)
      ? html.split(line, counts: &counts) : [HTMLText.Segment(bytes: line, column: nil)]
    for segment in segments {
      var bytes = segment.bytes
      if forms.contains(.nonBreakingSpace) || forms.contains(.html),
        let spaced = PasteRepair.replaceNonBreakingSpaces(bytes)
      {
        counts.nonBreakingSpaces += (bytes.count - spaced.count)
        bytes = spaced
      }
      if forms.contains(.quoted), let stripped = PasteRepair.stripQuotePrefix(bytes) {
        counts.quotePrefixes += 1
        bytes = stripped
      }
      if forms.contains(.forum), let stripped = ForumMarkup.strip(bytes) {
        counts.forumTags += stripped.tags
        bytes = stripped.bytes
      }
      if !forms.isDisjoint(with: [.markdown, .forum]), let plain = InlineMarkup.unbold(bytes) {
        counts.boldPairs += plain.pairs
        bytes = plain.bytes
      }
      if forms.contains(.markdown), let code = InlineMarkup.unwrapCode(bytes) {
        counts.codeSpans += 1
        bytes = code
      }
      let repaired = RepairedLine(bytes: bytes, number: number, column: segment.column)
      func emit(_ line: RepairedLine) {
        line.bytes.withByteView { sink.take(line: $0, number: line.number, column: line.column) }
      }
      if forms.contains(.markdown) {
        markdown.take(repaired, counts: &counts, emit: emit)
      } else {
        emit(repaired)
      }
    }
  }

  /// Whether `b` starts a kernel-log line (`[    1.234567]`) or a /proc/iomem entry
  /// (`0000-ffff :`), which no soft break continues into.
  static func startsRecord(_ b: [UInt8]) -> Bool {
    var i = 0
    while i < b.count, b[i] == 0x20 { i += 1 }
    guard i < b.count else { return false }
    if b[i] == 0x5B {
      i += 1
      while i < b.count, b[i] == 0x20 { i += 1 }
      let digits = i
      while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
      guard i > digits, i < b.count, b[i] == 0x2E else { return false }
      i += 1
      let fraction = i
      while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
      return i > fraction && i < b.count && b[i] == 0x5D
    }
    let start = i
    while i < b.count, ByteLanes.hexValue(b[i]) != nil { i += 1 }
    guard i - start >= 4, i < b.count, b[i] == 0x2D else { return false }
    i += 1
    let end = i
    while i < b.count, ByteLanes.hexValue(b[i]) != nil { i += 1 }
    guard i - end >= 4 else { return false }
    while i < b.count, b[i] == 0x20 { i += 1 }
    return i < b.count && b[i] == 0x3A
  }

  /// Physical lines in a block of whole lines (the last may lack its newline).
  static func lineCount(_ block: ByteView) -> Int {
    var count = 0
    var start = 0
    while start < block.count, let hit = block.firstIndex(of: 0x0A, from: start) {
      count += 1
      start = hit + 1
    }
    return start < block.count ? count + 1 : count
  }
}
