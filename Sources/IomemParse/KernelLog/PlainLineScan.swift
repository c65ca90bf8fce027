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
struct Recognised: Sendable {
  /// Where the message starts in the block, and its length.
  let message: Range<Int>
  let kind: EventKind?
}

/// Splits a block of whole lines into runs of plain lines and the lines between them. The scan
/// depends on nothing but the bytes, so a large block is cut into pieces that other threads scan
/// while the reader applies the pieces already scanned, in order, a run at a time.
enum PlainLineScan {
  /// Blocks smaller than this are scanned on the calling thread alone.
  static let parallelThreshold = 1 << 20
  /// The size of one piece of a large block.
  static let pieceSize = 512 << 10

  /// How many pieces a block of `count` bytes is scanned in.
  static func pieces(for count: Int) -> Int {
    guard count >= parallelThreshold, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) > 1 else { return 1 }
    return (count + pieceSize - 1) / pieceSize
  }

  /// Scans `start..<end` (whole lines) of the block at `p`.
  static func scan(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, catalog: EventCatalog) -> [ScanItem] {
    let raw = UnsafeRawPointer(p)
    var items: [ScanItem] = []
    var i = start
    var escape = -1
    var runStart = 0
    var runLines = 0
    var runFirst = 0.0
    var runLast = 0.0
    let matchData = catalog.makeMatchData()
    while i < end {
      let lineEnd = memchr(raw + i, 0x0A, end - i).map { raw.distance(to: UnsafeRawPointer($0)) } ?? end
      let stop = lineEnd > i && p[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
      if escape < i {
        escape = memchr(raw + i, 0x1B, end - i).map { raw.distance(to: UnsafeRawPointer($0)) } ?? end
      }
      var recognised: Recognised?
      if escape >= stop, i < stop {
        switch PlainLine.shape(p, i, stop, catalog: catalog) {
        case .plain(let t) where runLines == 0 || t >= runLast:
          if runLines == 0 {
            runStart = i
            runFirst = t
          }
          runLines &+= 1
          runLast = t
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
        items.append(.plainRun(bytes: runStart..<i, lines: runLines, firstTime: runFirst, lastTime: runLast))
        runLines = 0
      }
      items.append(.line(i..<stop, recognised))
      i = lineEnd &+ 1
    }
    if runLines > 0 {
      items.append(
        .plainRun(bytes: runStart..<min(i, end), lines: runLines, firstTime: runFirst, lastTime: runLast))
    }
    return items
  }
}

/// A block being scanned: the first piece on the calling thread, the others on background
/// threads as soon as it starts. `piece(k)` waits for piece `k`; the reader applies the pieces
/// in order while the later ones are still being scanned.
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
    for k in 1..<max(wanted, 1) {
      DispatchQueue.global().async { self.scan(piece: k) }
    }
  }

  deinit {
    // Every background scan must be done before the results go.
    while taken < count { _ = piece(taken) }
    results.deinitialize().deallocate()
  }

  private func scan(piece k: Int) {
    results[k] = PlainLineScan.scan(p, cuts[k], cuts[k + 1], catalog: catalog)
    ready[k].signal()
  }

  /// The items of piece `k` in order; pieces are taken in order, each once.
  func piece(_ k: Int) -> [ScanItem] {
    precondition(k == taken, "pieces are taken in order")
    taken += 1
    if k == 0 { return PlainLineScan.scan(p, cuts[0], cuts[1], catalog: catalog) }
    ready[k].wait()
    let items = results[k]
    results[k] = []
    return items
  }
}
