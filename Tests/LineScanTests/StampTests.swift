import SeededRandom
import Testing

@testable import LineScan

/// printk stamps are read eight bytes at a time when they have the kernel's shape; every other
/// shape falls back to the digit loops. Both must give what the text says.
@Suite struct StampTests {
  /// `[`, spaces, 1–12 digits, `.`, 1–9 digits, `]` → the decimal value, read the slow way.
  static func reference(_ s: String) -> (Double, Int)? {
    let b = Array(s.utf8)
    guard b.first == UInt8(ascii: "[") else { return nil }
    var i = 1
    while i < b.count, b[i] == 0x20 { i += 1 }
    let whole = i
    while i < b.count, i - whole < 12, (0x30...0x39).contains(b[i]) { i += 1 }
    guard i > whole, i < b.count, b[i] == UInt8(ascii: ".") else { return nil }
    let dot = i
    i += 1
    while i < b.count, i - dot - 1 < 9, (0x30...0x39).contains(b[i]) { i += 1 }
    guard i > dot + 1, i < b.count, b[i] == UInt8(ascii: "]") else { return nil }
    var scale: UInt64 = 1
    for _ in (dot + 1)..<i { scale *= 10 }
    let wholeValue = UInt64(String(decoding: b[whole..<dot], as: UTF8.self))!
    let fraction = UInt64(String(decoding: b[(dot + 1)..<i], as: UTF8.self))!
    // One integer over a power of ten while the digits fit 64 bits.
    if let value = UInt64(String(decoding: b[whole..<dot] + b[(dot + 1)..<i], as: UTF8.self)) {
      return (Double(value) / Double(scale), i + 1)
    }
    return (Double(wholeValue) + Double(fraction) / Double(scale), i + 1)
  }

  static func read(_ s: String) -> (Double, Int)? {
    Array(s.utf8).withByteView { Stamp.read($0, 0).map { ($0.seconds, $1) } }
  }

  @Test func shapesAroundTheKernelsOne() {
    let stamps = [
      "[    0.000000] m", "[    4.819642] m", "[ 9993.582247] m", "[99999.999999] m", "[123456.000001] m",
      "[1234567.000001] m", "[12345678.000001] m", "[ 11.492075] m", "[4.5] m", "[    1.5]",
      "[ 1 2.000000] m",
      "[     .000000] m", "[  -1.000000] m", "[00004.000000] m", "[    4.000000 m", "[    4.00000x] m",
      "[    4.0000000] m", "[    4.123456789] m", "[    4.1234567890] m", "[        4.000000] m",
      "[T1] m", "[    4.000000]", "[    4.", "[", "[ 4\u{0}.000000] m", "[    4.000000]]",
    ]
    for s in stamps {
      let got = Self.read(s)
      let want = Self.reference(s)
      #expect(
        got?.0 == want?.0 && got?.1 == want?.1,
        "\(s.debugDescription): \(String(describing: got)) vs \(String(describing: want))")
    }
  }

  @Test func randomStampsReadAsTheirDecimalValue() {
    var rng = SplitMix64(seed: 11)
    for _ in 0..<2000 {
      let whole = String(
        rng.next() % [10, 1000, 100_000, 10_000_000, 1_000_000_000_000][Int(rng.next() % 5)])
      let fracDigits = Int(rng.next() % 9) + 1
      let frac = String((0..<fracDigits).map { _ in Character(String(rng.next() % 10)) })
      let pad = String(repeating: " ", count: Int(rng.next() % 7))
      let s = "[" + pad + whole + "." + frac + "] message"
      let got = Self.read(s)
      let want = Self.reference(s)
      #expect(got?.0 == want?.0 && got?.1 == want?.1, "\(s)")
    }
  }

  /// Runs of plain lines are ordered by comparing stamps as integers where their widths agree;
  /// that must agree with comparing the seconds (below 2^53, where both are exact).
  @Test func integerOrderAgreesWithSeconds() {
    var rng = SplitMix64(seed: 13)
    func random() -> (Stamp, Int)? {
      let whole = String(rng.next() % [10, 100_000, 10_000_000][Int(rng.next() % 3)])
      let frac = String(
        (0..<[6, 6, 3, 9][Int(rng.next() % 4)]).map { _ in Character(String(rng.next() % 10)) })
      return Array(("[ " + whole + "." + frac + "] m").utf8).withByteView { Stamp.read($0, 0) }
    }
    for _ in 0..<5000 {
      guard let (a, _) = random(), let (b, _) = random() else {
        Issue.record("a generated stamp did not read")
        return
      }
      #expect(a.isNotEarlier(than: b) == (a.seconds >= b.seconds), "\(a.seconds) vs \(b.seconds)")
    }
  }
}
