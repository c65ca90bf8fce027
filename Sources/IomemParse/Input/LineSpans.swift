/// Line numbers collected as runs (`3...7`), so a listing of skipped or non-kernel lines stays
/// short, and capped so a huge input cannot make it grow without bound.
public struct LineSpans: Sendable, Equatable {
  public private(set) var spans: [ClosedRange<Int>] = []
  /// True when lines were left out of `spans` because the cap was reached.
  public private(set) var truncated = false
  private let cap: Int

  public init(cap: Int = 10_000) { self.cap = cap }

  /// Adds consecutive lines, as `add` one by one would.
  public mutating func add(_ lines: ClosedRange<Int>) {
    if let last = spans.last, last.upperBound + 1 == lines.lowerBound {
      spans[spans.count - 1] = last.lowerBound...lines.upperBound
    } else if spans.count < cap {
      spans.append(lines)
    } else {
      truncated = true
    }
  }

  /// Adds a line; it extends the last run when it follows it directly.
  public mutating func add(_ line: Int) {
    if let last = spans.last, last.upperBound + 1 == line {
      spans[spans.count - 1] = last.lowerBound...line
    } else if spans.count < cap {
      spans.append(line...line)
    } else {
      truncated = true
    }
  }
}
