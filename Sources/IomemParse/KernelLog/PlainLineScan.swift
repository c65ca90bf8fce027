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
/// depends on nothing but the bytes, so the parts of a large block are scanned on all cores at
/// once; the reader then applies the items in order, a run at a time.
enum PlainLineScan {
  /// Blocks smaller than this are scanned on the calling thread alone.
  static let parallelThreshold = 1 << 20

  /// How many parts a block of `count` bytes is scanned in.
  static func parts(for count: Int) -> Int {
    guard count >= parallelThreshold else { return 1 }
    return max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8))
  }

  /// The items of `block` in order, as one list per piece: it is scanned in `parts` pieces (by
  /// default `parts(for:)`) cut at line ends.
  static func items(_ block: UnsafeRawBufferPointer, catalog: EventCatalog, parts: Int? = nil) -> [[ScanItem]]
  {
    guard let raw = block.baseAddress, block.count > 0 else { return [] }
    let p = raw.assumingMemoryBound(to: UInt8.self)
    let n = block.count
    let count = max(1, parts ?? Self.parts(for: n))
    if count == 1 { return [scan(p, 0, n, catalog: catalog)] }
    var cuts = [0]
    for k in 1..<count {
      let target = max(cuts[cuts.count - 1], n * k / count)
      let cut = memchr(raw + target, 0x0A, n - target).map { raw.distance(to: UnsafeRawPointer($0)) + 1 } ?? n
      cuts.append(cut)
    }
    cuts.append(n)
    let results = UnsafeMutableBufferPointer<[ScanItem]>.allocate(capacity: count)
    results.initialize(repeating: [])
    defer { results.deinitialize().deallocate() }
    let shared = SharedScan(p: p, cuts: cuts, results: results, catalog: catalog)
    DispatchQueue.concurrentPerform(iterations: count) { k in shared.run(part: k) }
    return Array(results)
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

/// What the scanning threads share: the block (read only), where it is cut, and one result slot
/// per part, each written by exactly one thread.
private struct SharedScan: @unchecked Sendable {
  let p: UnsafePointer<UInt8>
  let cuts: [Int]
  let results: UnsafeMutableBufferPointer<[ScanItem]>
  let catalog: EventCatalog

  func run(part k: Int) {
    results[k] = PlainLineScan.scan(p, cuts[k], cuts[k + 1], catalog: catalog)
  }
}
