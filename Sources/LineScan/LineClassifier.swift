@_spi(UnsafeBytes) public import ByteInput

/// What the domain hands the scanner, as ripgrep's searcher is handed a matcher: the messages
/// it wants to see (`candidates`, which the scanner tests on every line itself) and what it
/// makes of each candidate (`recognise`, called only for those, on the thread scanning them).
/// The classifier keeps what it recognised in a store of its own type (`Recognitions`), so the
/// scanner, which is generic over it, makes no generic value per candidate.
public protocol LineClassifier: Sendable {
  /// What one piece's candidates were recognised as, in the order the scan met them (for the
  /// event catalog, each candidate's event kind or `nil`).
  associatedtype Recognitions: Sendable
  /// State `recognise` writes while it works (PCRE2 match data); one per piece scanned.
  associatedtype Scratch

  var candidates: CandidateFilter { get }
  func makeScratch() -> Scratch
  /// An empty store, one per piece scanned.
  func makeRecognitions() -> Recognitions
  /// Keeps what a candidate message is as the next of `recognitions` (exactly one per call: the
  /// scan numbers candidates by their calls); a pure function of the bytes, so it may run ahead
  /// of the reader.
  func recognise(_ message: ByteView, _ scratch: inout Scratch, into recognitions: inout Recognitions)
}

/// A line whose message is a candidate: where the message is in the block, and which of its
/// piece's recognitions is the message's.
public struct Candidate: Sendable {
  public let message: Range<Int>
  public let index: Int
}

/// One stretch of a block as the scan saw it.
public enum ScanItem: Sendable {
  /// Consecutive plain lines — dmesg-stamped, `[ seconds ] message` with the space, no caller
  /// id or journal prefix, no escape code, a message that is no candidate — whose times never
  /// go backwards; `bytes` covers them with their newlines.
  case plainRun(bytes: Range<Int>, lines: Int, firstTime: Double, lastTime: Double)
  /// One other line: `bytes` without its newline (or the CR before it), and for a dmesg line
  /// whose message is a candidate, where it is.
  case line(Range<Int>, Candidate?)
}

/// One piece as scanned: its items in order, and what its candidates were recognised as.
struct ScannedPiece<Recognitions: Sendable>: Sendable {
  var items: [ScanItem]
  var recognitions: Recognitions
}
