import SeededRandom
import Testing

@testable import LineScan

/// The first word of a message found 16 bytes at a time answers every question the plain-line
/// test asks of it as the eight-bytes-at-a-time reader does.
@Suite struct FirstWordTests {
  @Test func vectorAndWordReadersAgree() {
    var rng = SplitMix64(seed: 33)
    let alphabet: [UInt8] = Array("ab :[0.".utf8) + [0x0A, 0x00, 0xFF]
    for _ in 0..<20_000 {
      let n = Int(rng.next() % 40)
      var bytes = (0..<48).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
      for k in 0..<Int(rng.next() % 30) where k < 48 { bytes[k] = UInt8(ascii: "x") }
      bytes.withUnsafeBufferPointer { b in
        let m = b.baseAddress!
        let vector = FirstWord.endInVector(m, n)
        let words = FirstWord.end(m, n)
        let limit = min(n, 32)
        #expect(vector.space == words.space, "\(bytes.prefix(n))")
        #expect(
          (vector.punctuation > vector.space) == (words.punctuation > words.space), "\(bytes.prefix(n))")
        if words.space == limit { #expect(vector.punctuation == words.punctuation, "\(bytes.prefix(n))") }
      }
    }
  }
}
