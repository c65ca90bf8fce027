@_spi(UnsafeBytes) public import ByteInput

/// What the domain hands the scanner, as ripgrep's searcher is handed a matcher: the messages
/// it wants to see (`candidates`, which the scanner tests on every line itself) and what it
/// makes of each candidate (`recognise`, called only for those, on the thread scanning them).
public protocol LineClassifier: Sendable {
  /// What `recognise` makes of a message (for the event catalog, the event kind or `nil`).
  associatedtype Recognition: Sendable
  /// State `recognise` writes while it works (PCRE2 match data); one per piece scanned.
  associatedtype Scratch

  var candidates: CandidateFilter { get }
  func makeScratch() -> Scratch
  /// What a candidate message is; a pure function of its bytes, so it may run ahead of the reader.
  func recognise(_ message: ByteView, _ scratch: inout Scratch) -> Recognition
}

/// A candidate's message recognised ahead, on a scanning thread. A class, so a scanned item
/// stays a few words however large a recognition is.
public final class Recognised<Recognition: Sendable>: Sendable {
  /// Where the message starts in the block, and its length.
  public let message: Range<Int>
  public let value: Recognition

  init(message: Range<Int>, value: Recognition) {
    self.message = message
    self.value = value
  }
}

/// One stretch of a block as the scan saw it.
public enum ScanItem<Recognition: Sendable>: Sendable {
  /// Consecutive plain lines — dmesg-stamped, `[ seconds ] message` with the space, no caller
  /// id or journal prefix, no escape code, a message that is no candidate — whose times never
  /// go backwards; `bytes` covers them with their newlines.
  case plainRun(bytes: Range<Int>, lines: Int, firstTime: Double, lastTime: Double)
  /// One other line: `bytes` without its newline (or the CR before it), and for a dmesg line
  /// whose message is a candidate, what the classifier made of it.
  case line(Range<Int>, Recognised<Recognition>?)
}
