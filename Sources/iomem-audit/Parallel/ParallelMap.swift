import Dispatch
import Foundation
import Synchronization

/// `map` over independent items on up to `jobs` threads, results in the items' order, each item
/// given at most `timeout` seconds. Items are handed out one at a time from a shared counter, so
/// a slow VM does not hold back a block of fast ones.
///
/// A thread cannot be stopped from outside, so an item past its time is given up: its result is
/// `nil`, a new thread takes its place, and the old one runs on unwatched until its item ends
/// (then it stops, its result dropped) or the process exits.
enum ParallelMap {
  static func run<T: Sendable, R: Sendable>(
    _ items: [T], jobs: Int, timeout: Double? = nil, _ transform: @escaping @Sendable (T) -> R
  ) -> [R?] {
    let workers = max(1, min(jobs, items.count))
    if workers == 1 && timeout == nil { return items.map(transform) }
    let pool = Pool(items: items, timeout: timeout, transform: transform)
    for _ in 0..<workers { pool.startWorker() }
    pool.watch()
    return pool.results()
  }

  private final class Pool<T: Sendable, R: Sendable>: Sendable {
    private struct State {
      var results: [R?]
      var next = 0
      /// Items being worked on, with their deadlines.
      var running: [Int: DispatchTime] = [:]
      var done = 0
    }
    private let items: [T]
    private let timeout: Double?
    private let transform: @Sendable (T) -> R
    private let state: Mutex<State>
    /// Signalled whenever an item ends, so `watch` looks at the deadlines again.
    private let ended = DispatchSemaphore(value: 0)

    init(items: [T], timeout: Double?, transform: @escaping @Sendable (T) -> R) {
      self.items = items
      self.timeout = timeout
      self.transform = transform
      state = Mutex(State(results: Array(repeating: nil, count: items.count)))
    }

    func startWorker() {
      Thread.detachNewThread { [self] in
        while let i = claim() {
          let r = transform(items[i])
          // Given up while it ran: its place went to a new thread, so this one stops.
          let stillWatched = state.withLock { s in
            guard s.running.removeValue(forKey: i) != nil else { return false }
            s.results[i] = r
            s.done += 1
            return true
          }
          ended.signal()
          guard stillWatched else { return }
        }
      }
    }

    private func claim() -> Int? {
      state.withLock { s in
        guard s.next < items.count else { return nil }
        defer { s.next += 1 }
        s.running[s.next] = timeout.map { .now() + $0 } ?? .distantFuture
        return s.next
      }
    }

    /// Waits until every item has ended or been given up, giving up those past their deadline
    /// (each gets a new thread in its place).
    func watch() {
      while true {
        let now = DispatchTime.now()
        let (late, finished, wait) = state.withLock { s in
          let late = s.running.filter { $0.value <= now }.map(\.key)
          for i in late {
            s.running[i] = nil
            s.done += 1
          }
          return (late.count, s.done == items.count, s.running.values.min() ?? .distantFuture)
        }
        if finished { return }
        for _ in 0..<late { startWorker() }
        _ = ended.wait(timeout: wait)
      }
    }

    func results() -> [R?] { state.withLock { $0.results } }
  }
}
