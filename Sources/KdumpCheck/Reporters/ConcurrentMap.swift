import Dispatch
import Synchronization

/// `map` on up to `jobs` cores, results in the items' order: a reporter renders a fleet's VMs
/// side by side (each VM's part is independent), and the output is the same whatever `jobs`.
enum ConcurrentMap {
  static func run<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @Sendable (T) -> R) -> [R] {
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
