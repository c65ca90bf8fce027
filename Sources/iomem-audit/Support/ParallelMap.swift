import Dispatch
import Synchronization

/// `map` over independent items on up to `jobs` threads, results in the items' order. Items
/// are handed out one at a time from a shared counter, so a slow VM does not hold back a
/// block of fast ones.
enum ParallelMap {
  static func run<T: Sendable, R: Sendable>(
    _ items: [T], jobs: Int, _ transform: @Sendable (T) -> R
  ) -> [R] {
    let workers = max(1, min(jobs, items.count))
    guard workers > 1 else { return items.map(transform) }
    let next = Atomic<Int>(0)
    let results = Mutex<[R?]>(Array(repeating: nil, count: items.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let i = next.add(1, ordering: .relaxed).oldValue
        guard i < items.count else { return }
        let r = transform(items[i])
        results.withLock { $0[i] = r }
      }
    }
    return results.withLock { $0.map { $0! } }
  }
}
