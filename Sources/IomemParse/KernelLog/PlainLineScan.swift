import Dispatch

#if canImport(Glibc)
  import Glibc
#endif

/// One stretch of a block as the plain-line scan saw it.
enum ScanItem: Sendable {
  /// Consecutive plain lines (`PlainLine`) whose times never go backwards; `bytes` covers them
  /// with their newlines.
  case plainRun(bytes: Range<Int>, lines: Int, firstTime: Double, lastTime: Double)
  /// One line for the framer: `bytes` without its newline (or the CR before it), and for a
  /// `[ seconds ] message` line that may be an event, what the catalog made of its message.
  case line(Range<Int>, Recognised?)
}

/// A message recognised ahead, on a scanning thread: the catalog is a pure function of the
/// bytes, so the reader takes this result when its framer hands it the same message unjoined.
/// A class, so a scanned item stays a few words however large an event kind is.
final class Recognised: Sendable {
  /// Where the message starts in the block, and its length.
  let message: Range<Int>
  let kind: EventKind?

  init(message: Range<Int>, kind: EventKind?) {
    self.message = message
    self.kind = kind
  }
}

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

  /// Scans `start..<end` (whole lines) of the block at `p`. Most lines take the fast path: the
  /// stamp checked against the layout of the run's last line (`StampLayout`) and ordered by its
  /// bytes; a line it is not sure of takes `PlainLine.shape`, which reads the stamp in full.
  static func scan(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, catalog: EventCatalog) -> [ScanItem] {
    let raw = UnsafeRawPointer(p)
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
    let matchData = catalog.makeMatchData()
    var newlines = NewlineFinder(raw, end: end)
    while i < end {
      if let layout, i &+ 16 <= end, let key = layout.key(raw + i), key.isNotEarlier(than: lastKey) {
        let m = i &+ layout.messageOffset
        let lineEnd = newlines.next(from: m)
        let stop = p[lineEnd &- 1] == 0x0D ? lineEnd &- 1 : lineEnd
        if escape < i { escape = nextEscape(raw, from: i, end) }
        if escape >= stop, stop == m || p[m] != UInt8(ascii: "["),
          PlainLine.message(p + m, stop &- m, readable: end &- m, catalog: catalog) == .plain
        {
          if runLines == 0 { runStart = i }
          runLines &+= 1
          runLast = i
          lastKey = key
          i = lineEnd &+ 1
          continue
        }
      }
      let lineEnd = newlines.next(from: i)
      let stop = lineEnd > i && p[lineEnd &- 1] == 0x0D ? lineEnd &- 1 : lineEnd
      if escape < i { escape = nextEscape(raw, from: i, end) }
      var recognised: Recognised?
      if escape >= stop, i < stop {
        switch PlainLine.shape(p, i, stop, catalog: catalog) {
        case .plain(let t) where runLines == 0 || t.isNotEarlier(than: stamp(p, at: runLast, end)):
          layout = i &+ 16 <= end ? StampLayout(line: p + i, count: stop &- i) : nil
          if runLines == 0 { runStart = i }
          runLines &+= 1
          runLast = i
          lastKey = layout?.key(raw + i) ?? .earliest
          i = lineEnd &+ 1
          continue
        case .candidate(let offset):
          let message = (i &+ offset)..<stop
          let bytes = UnsafeRawBufferPointer(start: p + message.lowerBound, count: message.count)
          recognised = Recognised(message: message, kind: catalog.recognise(bytes, using: matchData))
        default: break
        }
      }
      if runLines > 0 {
        items.append(run(p, runStart..<i, lines: runLines, last: runLast, end))
        runLines = 0
        lastKey = .earliest
      }
      items.append(.line(i..<stop, recognised))
      i = lineEnd &+ 1
    }
    if runLines > 0 { items.append(run(p, runStart..<min(i, end), lines: runLines, last: runLast, end)) }
    return items
  }

  /// The index of the first escape byte (ANSI codes) at or after `from`, or `end`.
  private static func nextEscape(_ raw: UnsafeRawPointer, from: Int, _ end: Int) -> Int {
    guard let q = memchr(raw + from, 0x1B, end &- from) else { return end }
    return raw.distance(to: UnsafeRawPointer(q))
  }

  /// The stamp of the plain line at `line`, read in full.
  private static func stamp(_ p: UnsafePointer<UInt8>, at line: Int, _ end: Int) -> Stamp {
    ByteScan.stamp(UnsafeRawBufferPointer(start: p + line, count: end &- line), 0)!.0
  }

  /// A run of plain lines as an item, with the times of its first and last line.
  private static func run(_ p: UnsafePointer<UInt8>, _ bytes: Range<Int>, lines: Int, last: Int, _ end: Int)
    -> ScanItem
  {
    .plainRun(
      bytes: bytes, lines: lines, firstTime: stamp(p, at: bytes.lowerBound, end).seconds,
      lastTime: stamp(p, at: last, end).seconds)
  }
}

/// A block being scanned, a piece at a time: with more than one core, the next pieces are
/// scanned on background threads while the reader applies the current one; otherwise each piece
/// is scanned when it is taken. Either way only a few pieces' items exist at once.
final class BlockScan: @unchecked Sendable {
  let count: Int
  private let p: UnsafePointer<UInt8>
  private let cuts: [Int]
  private let catalog: EventCatalog
  private let results: UnsafeMutableBufferPointer<[ScanItem]>
  private let ready: [DispatchSemaphore]
  private var taken = 0

  /// Starts scanning `block` in `pieces` pieces (by default `PlainLineScan.pieces(for:)`), cut at
  /// line ends. The block must stay valid until every piece has been taken.
  init(_ block: UnsafeRawBufferPointer, catalog: EventCatalog, pieces: Int? = nil) {
    let raw = block.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
    p = raw.assumingMemoryBound(to: UInt8.self)
    self.catalog = catalog
    let n = block.count
    let wanted = n == 0 ? 0 : max(1, pieces ?? PlainLineScan.pieces(for: n))
    var cuts = [0]
    for k in 1..<max(wanted, 1) {
      let target = max(cuts[cuts.count - 1], n * k / wanted)
      cuts.append(
        memchr(raw + target, 0x0A, n - target).map { raw.distance(to: UnsafeRawPointer($0)) + 1 } ?? n)
    }
    cuts.append(n)
    self.cuts = cuts
    count = wanted
    results = UnsafeMutableBufferPointer<[ScanItem]>.allocate(capacity: max(wanted, 1))
    results.initialize(repeating: [])
    ready = (0..<wanted).map { _ in DispatchSemaphore(value: 0) }
    background = PlainLineScan.parallel && wanted > 1
    if background {
      for k in 1..<min(wanted, 1 + Self.lookahead) { start(k) }
    }
  }

  /// Whether pieces after the first are scanned on other threads.
  private let background: Bool

  /// Pieces scanned ahead of the one being applied: enough to keep the other cores busy, few
  /// enough that the scanned items of a window never pile up (memory stays bounded).
  static let lookahead = 3

  private func start(_ k: Int) {
    DispatchQueue.global().async { self.scan(piece: k) }
  }

  /// Each background scan holds this object, so the results outlive every scan still running.
  deinit { results.deinitialize().deallocate() }

  private func scan(piece k: Int) {
    results[k] = PlainLineScan.scan(p, cuts[k], cuts[k + 1], catalog: catalog)
    ready[k].signal()
  }

  /// The items of piece `k` in order; pieces are taken in order, each once.
  func piece(_ k: Int) -> [ScanItem] {
    precondition(k == taken, "pieces are taken in order")
    taken += 1
    guard background, k > 0 else { return PlainLineScan.scan(p, cuts[k], cuts[k + 1], catalog: catalog) }
    if k + Self.lookahead < count { start(k + Self.lookahead) }
    ready[k].wait()
    let items = results[k]
    results[k] = []
    return items
  }
}
