import Foundation
import Synchronization

/// The progress line of a long `check` on a terminal: VMs done of the total, the rate and the
/// time left, redrawn on stderr at most four times a second once the run has taken a second.
/// Nothing is written when stderr is not a terminal (CI logs, pipes).
final class Progress: Sendable {
  private struct State {
    var done = 0
    var lastDraw = 0.0
    var drawn = false
  }
  private let total: Int
  private let start = Date()
  private let enabled: Bool
  private let state = Mutex(State())

  init(total: Int) {
    self.total = total
    enabled = Terminal.stderrIsTerminal && total > 1
  }

  func step() {
    guard enabled else { return }
    let elapsed = Date().timeIntervalSince(start)
    let line: String? = state.withLock { s in
      s.done += 1
      guard elapsed >= 1, elapsed - s.lastDraw >= 0.25 || s.done == total else { return nil }
      s.lastDraw = elapsed
      s.drawn = true
      let rate = Double(s.done) / elapsed
      let left = rate > 0 ? Double(total - s.done) / rate : 0
      return "\r\u{1B}[K"
        + "checked \(s.done)/\(total) VMs, \(Self.rate(rate)) VMs/s, \(Self.duration(left)) left"
    }
    if let line { Terminal.write(fd: 2, line) }
  }

  /// Clears the line, so what follows starts at the left margin.
  func finish() {
    if state.withLock({ $0.drawn }) { Terminal.write(fd: 2, "\r\u{1B}[K") }
  }

  private static func rate(_ r: Double) -> String { r >= 10 ? String(Int(r)) : String(format: "%.1f", r) }

  private static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
  }
}
