import ByteInput
import Testing

@Suite struct LineSplitterTests {
  func lines(_ bytes: [UInt8], chunk: Int) -> [[UInt8]] {
    var out: [[UInt8]] = []
    var splitter = LineSplitter()
    var i = 0
    while i < bytes.count {
      let piece = Array(bytes[i..<min(i + chunk, bytes.count)])
      piece.withByteView {
        splitter.feed($0) { line, number in
          #expect(number == out.count + 1)
          out.append(Array(line))
        }
      }
      i += chunk
    }
    splitter.finish { line, _ in out.append(Array(line)) }
    return out
  }

  @Test func splitsTheSameAtEveryChunkSize() {
    let text: [UInt8] = Array("one\r\ntwo\n\nthree\u{0}\n".utf8) + [0xFF, 0x0A] + Array("last".utf8)
    let whole = lines(text, chunk: text.count)
    #expect(
      whole.map { String(decoding: $0, as: UTF8.self) } == [
        "one", "two", "", "three\u{0}", "\u{FFFD}", "last",
      ])
    for chunk in 1...text.count {
      #expect(lines(text, chunk: chunk) == whole, "chunk \(chunk)")
    }
  }
}
