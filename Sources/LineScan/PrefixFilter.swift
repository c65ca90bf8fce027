#if canImport(Glibc)
  import Glibc
#endif

/// The literal message prefixes of the event catalog, laid out for the per-line test: a bit per
/// pair of first bytes (8 KiB, one load and test rejects most messages), then the few prefixes
/// starting with that byte, compared in place. Plain memory read through pointers, so the test
/// on every line of a log costs no reference counting and no bounds checks.
/// Immutable after `init`, so sharing it between scanning threads is safe.
final class PrefixFilter: @unchecked Sendable {
  /// Bit `b0 << 8 | b1` is set when a prefix starts with bytes `b0`, `b1`.
  private let pairs: UnsafeMutablePointer<UInt64>
  /// For first byte `b`, the prefixes `starts[b]..<starts[b + 1]` of `lengths`/`offsets`.
  private let starts: UnsafeMutablePointer<Int32>
  private let offsets: UnsafeMutablePointer<Int32>
  private let lengths: UnsafeMutablePointer<Int32>
  /// Every prefix's bytes, one after another.
  private let pool: UnsafeMutablePointer<UInt8>

  /// `prefixes` must each be longer than two bytes (the pair test reads two).
  init(_ prefixes: [[UInt8]]) {
    precondition(prefixes.allSatisfy { $0.count > 2 }, "event prefixes are longer than the two-byte filter")
    pairs = .allocate(capacity: 1024)
    pairs.initialize(repeating: 0, count: 1024)
    let sorted = prefixes.sorted { $0[0] < $1[0] }
    starts = .allocate(capacity: 257)
    offsets = .allocate(capacity: max(sorted.count, 1))
    lengths = .allocate(capacity: max(sorted.count, 1))
    pool = .allocate(capacity: max(sorted.reduce(0) { $0 + $1.count }, 1))
    var next = 0
    var used = 0
    for b in 0...256 {
      starts[b] = Int32(next)
      while next < sorted.count, Int(sorted[next][0]) == b {
        let prefix = sorted[next]
        offsets[next] = Int32(used)
        lengths[next] = Int32(prefix.count)
        (pool + used).initialize(from: prefix, count: prefix.count)
        used += prefix.count
        let key = Int(prefix[0]) << 8 | Int(prefix[1])
        pairs[key >> 6] |= 1 << UInt64(key & 63)
        next += 1
      }
    }
  }

  deinit {
    pairs.deallocate()
    starts.deallocate()
    offsets.deallocate()
    lengths.deallocate()
    pool.deallocate()
  }

  /// Whether the `count` bytes at `m` start with one of the prefixes.
  @inline(__always)
  func matches(_ m: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    guard count > 2 else { return false }
    let key = Int(m[0]) &<< 8 | Int(m[1])
    guard pairs[key &>> 6] & (1 &<< UInt64(key & 63)) != 0 else { return false }
    return matchesPrefix(m, count)
  }

  private func matchesPrefix(_ m: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let first = Int(m[0])
    for e in Int(starts[first])..<Int(starts[first &+ 1]) {
      let length = Int(lengths[e])
      if length <= count, memcmp(m, pool + Int(offsets[e]), length) == 0 { return true }
    }
    return false
  }
}
