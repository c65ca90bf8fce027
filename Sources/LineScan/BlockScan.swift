@_spi(UnsafeBytes) public import ByteInput
import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A block being scanned, a piece at a time: with more than one core, the next pieces are
/// scanned on background threads while the reader applies the current one; otherwise each piece
/// is scanned when it is taken. Either way only a few pieces' items exist at once.
/// The block's memory is the caller's, read by other threads: `forEach` is the only way in, and
/// it returns only once every piece is taken (each waits for its scan), so no scan outlives the
/// caller's buffer.
public final class BlockScan<Classifier: LineClassifier>: @unchecked Sendable {
  typealias Piece = ScannedPiece<Classifier.Recognitions>
  /// How many pieces the block is scanned in.
  private let count: Int
  private let p: UnsafePointer<UInt8>
  private let cuts: [Int]
  private let classifier: Classifier
  private let results: UnsafeMutableBufferPointer<Piece?>
  private let ready: [DispatchSemaphore]
  private var taken = 0
  /// Background scans started and not yet done reading the block: zero when `forEach` returns,
  /// which is checked, since the caller frees or unmaps the block then.
  private let reading = Atomic<Int>(0)

  /// Starts scanning `block` in `pieces` pieces, cut at line ends; valid until every piece has
  /// been taken.
  private init(_ block: UnsafeRawBufferPointer, classifier: Classifier, pieces: Int? = nil) {
    let raw = block.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
    p = raw.assumingMemoryBound(to: UInt8.self)
    self.classifier = classifier
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
    results = UnsafeMutableBufferPointer<Piece?>.allocate(capacity: max(wanted, 1))
    results.initialize(repeating: nil)
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
  static var lookahead: Int { 3 }

  private func start(_ k: Int) {
    reading.add(1, ordering: .relaxed)
    DispatchQueue.global().async { self.scan(piece: k) }
  }

  /// Each background scan holds this object, so the results outlive every scan still running.
  deinit { results.deinitialize().deallocate() }

  private func scan(piece k: Int) {
    results[k] = PlainLineScan.scan(p, cuts[k], cuts[k + 1], classifier: classifier)
    // Done with the block before the reader may go on (the semaphore orders the two).
    reading.subtract(1, ordering: .releasing)
    ready[k].signal()
  }

  /// Scans `block` (whole lines) for `classifier` in `pieces` pieces (by default one per
  /// 256 KiB, on other cores when there are any) and hands every item to `body`, in order, as
  /// ripgrep's searcher hands lines to its sink, with what its piece's candidates were
  /// recognised as (a candidate's `index` is into those). Returns once every piece is taken, so
  /// no scan is left reading the block.
  public static func forEach(
    in block: ByteView, classifier: Classifier, pieces: Int? = nil,
    _ body: (ScanItem, Classifier.Recognitions) -> Void
  ) {
    let scan = BlockScan(block.unsafeBytes, classifier: classifier, pieces: pieces)
    for k in 0..<scan.count {
      let piece = scan.piece(k)
      for item in piece.items { body(item, piece.recognitions) }
    }
    // Every piece was taken, and taking one waits for its scan: none still reads the block.
    precondition(scan.taken == scan.count)
    precondition(scan.reading.load(ordering: .acquiring) == 0, "a scan outlived its block")
  }

  /// Piece `k` as scanned; pieces are taken in order, each once.
  private func piece(_ k: Int) -> Piece {
    precondition(k == taken, "pieces are taken in order")
    taken += 1
    guard background, k > 0 else {
      return PlainLineScan.scan(p, cuts[k], cuts[k + 1], classifier: classifier)
    }
    if k + Self.lookahead < count { start(k + Self.lookahead) }
    ready[k].wait()
    return results[k].take()!
  }
}
