@_spi(UnsafeBytes) internal import ByteInput

#if canImport(Glibc)
  import Glibc
#endif

/// Splits a block of whole lines into runs of plain lines and the lines between them. The scan
/// depends on nothing but the bytes, so a large block is cut into pieces that other threads scan
/// while the reader applies the pieces already scanned, in order, a run at a time.
enum PlainLineScan {
  /// The size of one piece: what is scanned (and held scanned) at a time.
  static let pieceSize = 256 << 10
  /// Whether pieces are scanned on other threads (more than one core).
  static let parallel = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) > 1

  /// How many pieces a block of `count` bytes is scanned in.
  static func pieces(for count: Int) -> Int { (count + pieceSize - 1) / pieceSize }

  /// Scans `start..<end` (whole lines) of the block at `p` for `classifier`. Most lines take the
  /// fast path: the stamp checked against the layout of the run's last line (`StampLayout`) and
  /// ordered by its bytes, then whether the rest has the plain shape (`PrintkFrame.plainMessage`,
  /// which `PrintkFrame.rest` decides by too); a line it is not sure of is framed in full
  /// (`PrintkFrame.read`). Either way the frame is the framer's.
  static func scan<Classifier: LineClassifier>(
    _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, classifier: Classifier
  ) -> ScannedPiece<Classifier.Recognitions> {
    let raw = UnsafeRawPointer(p)
    let candidates = classifier.candidates
    var scratch = classifier.makeScratch()
    var recognitions = classifier.makeRecognitions()
    var recognised = 0
    var items: [ScanItem] = []
    var i = start
    var escape = -1
    // The run of plain lines being scanned: its first and last line, and the layout and key of
    // the last line's stamp for the fast path.
    var runStart = 0
    var runLines = 0
    var runLast = 0
    var lastKey = StampLayout.Key.earliest
    var layout: StampLayout?
    var newlines = NewlineFinder(raw, end: end)
    while i < end {
      if let layout, i &+ 16 <= end, let key = layout.key(raw + i), key.isNotEarlier(than: lastKey) {
        let lineEnd = newlines.next(from: i &+ layout.messageOffset)
        let stop = p[lineEnd &- 1] == 0x0D ? lineEnd &- 1 : lineEnd
        if escape < i { escape = nextEscape(raw, from: i, end) }
        if escape >= stop {
          if let plain = PrintkFrame.plainMessage(
            p + i, count: stop &- i, readable: end &- i, after: layout.stampEnd, journalHost: true),
            !candidates.admits(
              p + (i &+ plain.message), stop &- i &- plain.message, readable: end &- i &- plain.message,
              space: plain.firstSpace)
          {
            if runLines == 0 { runStart = i }
            runLines &+= 1
            runLast = i
            lastKey = key
            i = lineEnd &+ 1
            continue
          }
        }
      }
      let lineEnd = newlines.next(from: i)
      let stop = lineEnd > i && p[lineEnd &- 1] == 0x0D ? lineEnd &- 1 : lineEnd
      if escape < i { escape = nextEscape(raw, from: i, end) }
      var candidate: Candidate?
      if escape >= stop, i < stop,
        let frame = PrintkFrame.read(p + i, count: stop &- i, readable: end &- i, from: 0, journalHost: true),
        frame.rest.journal == nil
      {
        let m = i &+ frame.rest.message
        let admitted = candidates.admits(p + m, stop &- m, readable: end &- m, space: frame.rest.firstSpace)
        if frame.rest.isPlainShape, !admitted,
          runLines == 0 || frame.stamp.isNotEarlier(than: stamp(p, at: runLast, end))
        {
          layout = i &+ 16 <= end ? StampLayout(line: p + i, count: stop &- i) : nil
          if runLines == 0 { runStart = i }
          runLines &+= 1
          runLast = i
          lastKey = layout?.key(raw + i) ?? .earliest
          i = lineEnd &+ 1
          continue
        }
        if admitted {
          let message = ByteView(unsafeBytes: UnsafeRawBufferPointer(start: p + m, count: stop &- m))
          classifier.recognise(message, &scratch, into: &recognitions)
          candidate = Candidate(message: m..<stop, index: recognised)
          recognised &+= 1
        }
      }
      if runLines > 0 {
        items.append(run(p, runStart..<i, lines: runLines, last: runLast, end))
        runLines = 0
        lastKey = .earliest
      }
      items.append(.line(i..<stop, candidate))
      i = lineEnd &+ 1
    }
    if runLines > 0 { items.append(run(p, runStart..<min(i, end), lines: runLines, last: runLast, end)) }
    return ScannedPiece(items: items, recognitions: recognitions)
  }

  /// The index of the first escape byte (ANSI codes) at or after `from`, or `end`.
  private static func nextEscape(_ raw: UnsafeRawPointer, from: Int, _ end: Int) -> Int {
    guard let q = memchr(raw + from, 0x1B, end &- from) else { return end }
    return raw.distance(to: UnsafeRawPointer(q))
  }

  /// The stamp of the plain line at `line`, read in full.
  private static func stamp(_ p: UnsafePointer<UInt8>, at line: Int, _ end: Int) -> Stamp {
    Stamp.read(UnsafeRawBufferPointer(start: p + line, count: end &- line), 0)!.0
  }

  /// A run of plain lines as an item, with the times of its first and last line.
  private static func run(
    _ p: UnsafePointer<UInt8>, _ bytes: Range<Int>, lines: Int, last: Int, _ end: Int
  ) -> ScanItem {
    .plainRun(
      bytes: bytes, lines: lines, firstTime: stamp(p, at: bytes.lowerBound, end).seconds,
      lastTime: stamp(p, at: last, end).seconds)
  }
}
