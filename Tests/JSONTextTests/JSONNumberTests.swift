import ByteOutput
import SeededRandom
import Testing

@testable import JSONText

/// Numbers are written digit by digit into the buffer, not through `String`; each must read as
/// Swift prints it.
@Suite struct JSONNumberTests {
  static func written(_ write: (inout ByteBuffer) -> Void) -> String {
    var out = ByteBuffer(capacity: 1)
    write(&out)
    return out.text
  }

  /// Times from stamps (microseconds over a million) take the digit path; any other double,
  /// and those outside 0.0001..<1e9, take `description`. Both must print what it prints.
  @Test func doublesAsSwiftPrintsThem() {
    var rng = SplitMix64(seed: 21)
    var values: [Double] = [
      0, -0.0, 1, 0.0001, 0.00009999, 1e-5, 0.000001, 0.294018, 11.71, 12.506159, 999_999_999.999999, 1e9,
      1e15, 1e16, 123_456.000001, 0.1 + 0.2, .pi, -1.5, .infinity, .nan, Double(UInt64.max),
    ]
    for _ in 0..<20_000 {
      let micros =
        rng.next() % [1_000, 1_000_000, 100_000_000, 1_000_000_000_000, 1 << 52][Int(rng.next() % 5)]
      values.append(Double(micros) / [1_000_000, 1_000, 1_000_000_000][Int(rng.next() % 3)])
      values.append(Double(bitPattern: rng.next() >> 2))
    }
    for value in values {
      let want = value.isFinite ? value.description : "null"
      #expect(Self.written { JSONScalar.double(value, to: &$0) } == want, "\(value)")
    }
  }

  @Test func integersInDecimalAndHex() {
    var rng = SplitMix64(seed: 22)
    var values: [UInt64] = [0, 1, 9, 10, 15, 16, 99, 100, 255, 256, UInt64.max, UInt64.max / 10, 1 << 63]
    for _ in 0..<5_000 { values.append(rng.next() >> (rng.next() % 64)) }
    for value in values {
      #expect(Self.written { JSONScalar.decimal(value, to: &$0) } == String(value))
      #expect(Self.written { JSONScalar.hex(value, to: &$0) } == "\"0x" + String(value, radix: 16) + "\"")
    }
    for value in [0, -1, Int.min, Int.max, -42] {
      #expect(Self.written { JSONScalar.int(value, to: &$0) } == String(value))
    }
  }

  /// The buffer grows past its capacity without losing what it holds.
  @Test func bufferGrowsKeepingBytes() {
    var out = ByteBuffer(capacity: 1)
    var want = ""
    for i in 0..<2_000 {
      out.append(String(i))
      out.append(0x2C)
      out.append(0x20, repeating: i % 3)
      want += String(i) + "," + String(repeating: " ", count: i % 3)
    }
    #expect(out.text == want)
    out.removeAll()
    #expect(out.count == 0 && out.text.isEmpty)
  }
}
