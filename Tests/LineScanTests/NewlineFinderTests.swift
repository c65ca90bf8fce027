import SeededRandom
import Testing

@testable import LineScan

/// Line ends are found 64 bytes at a time; every newline must be found wherever it sits.
@Suite struct NewlineFinderTests {
  @Test func chunkBitsMarkEveryNewline() {
    var rng = SplitMix64(seed: 31)
    for _ in 0..<2_000 {
      let bytes = (0..<64).map { _ in
        rng.next() % 4 == 0 ? UInt8(0x0A) : UInt8(truncatingIfNeeded: rng.next())
      }
      var want: UInt64 = 0
      for (k, b) in bytes.enumerated() where b == 0x0A { want |= 1 << UInt64(k) }
      bytes.withUnsafeBytes { raw in
        #expect(NewlineFinder.newlines(raw.baseAddress!) == want)
        #expect(NewlineFinder.newlinesByWords(raw.baseAddress!) == want)
      }
    }
  }

  @Test func nextNewlineFromAnyPosition() {
    var rng = SplitMix64(seed: 32)
    for length in [0, 1, 63, 64, 65, 127, 128, 300] {
      let bytes = (0..<length).map { _ in rng.next() % 9 == 0 ? UInt8(0x0A) : UInt8(0x61) }
      bytes.withUnsafeBytes { raw in
        var finder = NewlineFinder(raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, end: length)
        var from = 0
        while from < length {
          let want = bytes[from...].firstIndex(of: 0x0A) ?? length
          #expect(finder.next(from: from) == want, "length \(length) from \(from)")
          // Mostly forward, sometimes a byte back (the slow path asks again from a line's start).
          from = max(0, from + Int(rng.next() % 6) - 1)
        }
      }
    }
  }
}
