import JSONText
import SeededRandom
import Testing

/// Strings are escaped eight bytes at a time; every escape must land wherever it sits.
@Suite struct JSONStringTests {
  /// The escaping JSON requires, one byte at a time, as the reference.
  static func reference(_ s: String) -> String {
    var out: [UInt8] = [0x22]
    for c in s.utf8 {
      switch c {
      case 0x22: out += Array(#"\""#.utf8)
      case 0x5C: out += Array(#"\\"#.utf8)
      case 0x0A: out += Array(#"\n"#.utf8)
      case 0x0D: out += Array(#"\r"#.utf8)
      case 0x09: out += Array(#"\t"#.utf8)
      case 0..<0x20, 0x7F:
        let hex = String(c, radix: 16)
        out += Array(("\\u00" + (hex.count == 1 ? "0" : "") + hex).utf8)
      default: out.append(c)
      }
    }
    return String(decoding: out + [0x22], as: UTF8.self)
  }

  @Test func everyEscapeAtEveryOffset() {
    let specials: [String] = [
      "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{1F}", "\u{7F}", "é", "€", " ", "~",
    ]
    for special in specials {
      for offset in 0..<20 {
        for tail in [0, 1, 7, 8, 9] {
          let s = String(repeating: "a", count: offset) + special + String(repeating: "b", count: tail)
          #expect(JSONValue.string(s).serialized() == Self.reference(s), "offset \(offset) tail \(tail)")
        }
      }
    }
  }

  /// After an escape the rest is tested word by word again: a second escape lands wherever it
  /// sits after the first.
  @Test func escapesAfterAnEscapeAtEveryGap() {
    for first in 0..<9 {
      for gap in 0..<20 {
        let s = String(repeating: "a", count: first) + "\"" + String(repeating: "b", count: gap) + "\n" + "c"
        #expect(JSONValue.string(s).serialized() == Self.reference(s), "first \(first) gap \(gap)")
      }
    }
  }

  @Test func randomStringsMatchTheReference() {
    var rng = SplitMix64(seed: 7)
    let alphabet: [UInt8] = Array(0..<0x80) + [0xC3, 0xA9]
    for _ in 0..<300 {
      let bytes = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
      let s = String(decoding: bytes, as: UTF8.self)
      #expect(JSONValue.string(s).serialized() == Self.reference(s))
    }
  }

  @Test func numbersAreWrittenAsTheKernelValuesTheyAre() {
    #expect(JSONValue.int(0).serialized() == "0")
    #expect(JSONValue.int(-42).serialized() == "-42")
    #expect(JSONValue.int(Int.min).serialized() == String(Int.min))
    #expect(JSONValue.int(Int.max).serialized() == String(Int.max))
    #expect(JSONValue.double(12.506159).serialized() == "12.506159")
    #expect(JSONValue.double(.nan).serialized() == "null")
  }
}
