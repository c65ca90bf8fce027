import SeededRandom
import Testing

@testable import IomemParse

/// The per-line prefilter answers "does the message start with a catalog prefix?" exactly: the
/// pair bit test never rejects a prefix, and the compare after it never takes a near miss.
@Suite struct PrefixFilterTests {
  @Test func matchesExactlyThePrefixes() {
    let prefixes = EventCatalog.shared.prefixLiterals.map { Array($0.utf8) }
    let filter = PrefixFilter(prefixes)
    var rng = SplitMix64(seed: 41)
    var messages: [[UInt8]] = []
    for prefix in prefixes {
      messages.append(prefix)
      messages.append(prefix + Array(" more text".utf8))
      messages.append(Array(prefix.dropLast()))
      for k in 0..<prefix.count {
        var changed = prefix + Array("xyz".utf8)
        changed[k] ^= 0x20
        messages.append(changed)
      }
    }
    for _ in 0..<5_000 {
      let prefix = prefixes[Int(rng.next() % UInt64(prefixes.count))]
      let cut = Int(rng.next() % UInt64(prefix.count + 1))
      messages.append(Array(prefix.prefix(cut)) + Array("abc: x".utf8.prefix(Int(rng.next() % 7))))
    }
    for message in messages {
      let want = prefixes.contains { message.starts(with: $0) }
      // Bytes after the message (the rest of a block) must not count.
      let padded = message + Array(" tail".utf8)
      padded.withUnsafeBufferPointer { b in
        #expect(filter.matches(b.baseAddress!, message.count) == want, "\(message)")
      }
    }
  }
}
