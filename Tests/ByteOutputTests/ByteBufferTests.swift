import ByteInput
import ByteOutput
import Testing

/// What a writer sees of the buffer: the bytes in order, however they were appended, whether
/// the buffer grew or handed full pieces to its sink.
@Suite struct ByteBufferTests {
  /// Every kind of append lands in order, across several growths from the smallest capacity.
  @Test func appendsKeepTheirOrderWhileGrowing() {
    var buffer = ByteBuffer(capacity: 1)
    var expected: [UInt8] = []
    for n in 0..<300 {
      buffer.append(UInt8(ascii: "a") + UInt8(n % 26))
      buffer.append("[pci]")
      buffer.append(UInt8(ascii: " "), repeating: n % 5)
      buffer.append("0x\(n)")
      Array("fe0\(n)".utf8).withByteView { buffer.append($0) }
      buffer.append(count: 3) { span in
        span[2] = UInt8(ascii: "z")
        span[0] = UInt8(ascii: "x")
        span[1] = UInt8(ascii: "y")
      }
      expected += [UInt8(ascii: "a") + UInt8(n % 26)] + Array("[pci]".utf8)
      expected += Array(repeating: UInt8(ascii: " "), count: n % 5) + Array("0x\(n)".utf8)
      expected += Array("fe0\(n)".utf8) + Array("xyz".utf8)
    }
    #expect(buffer.count == expected.count)
    #expect(buffer.withBytes { Array(copying: $0) } == expected)
  }

  /// A span handed by `append(count:)` can be filled from a literal and from a view at any
  /// offset (how a compact JSON key and its quotes go out in one append).
  @Test func aSpanIsFilledFromLiteralsAndViewsAtOffsets() {
    var buffer = ByteBuffer(capacity: 16)
    let key: StaticString = "resource"
    let value = Array("fe000000".utf8)
    for comma in [false, true] {
      let c = comma ? 1 : 0
      buffer.append(count: c + key.utf8CodeUnitCount + 3 + value.count) { q in
        q[0] = UInt8(ascii: ",")
        q[c] = UInt8(ascii: "\"")
        q.update(at: c + 1, from: key)
        q[c + 1 + key.utf8CodeUnitCount] = UInt8(ascii: "\"")
        q[c + 2 + key.utf8CodeUnitCount] = UInt8(ascii: ":")
        value.withByteView { $0.copy(into: &q, at: c + 3 + key.utf8CodeUnitCount) }
      }
    }
    let literal: StaticString = "}"
    buffer.append(literal)
    #expect(buffer.text == #""resource":fe000000,"resource":fe000000}"#)
  }

  /// A buffer with a sink hands its bytes on whenever the next append would not fit, so no
  /// piece is longer than the capacity, and `flush` hands on the rest; nothing is lost or doubled.
  @Test func aSinkTakesPiecesOfTheCapacity() {
    var pieces: [[UInt8]] = []
    var buffer = ByteBuffer(capacity: 64) { pieces.append(Array(copying: $0)) }
    let line = "  fe0000000-fe00fffff : 7b1e:00\n"
    for _ in 0..<10 { buffer.append(line) }
    buffer.flush()
    #expect(String(decoding: pieces.joined(), as: UTF8.self) == String(repeating: line, count: 10))
    #expect(pieces.map(\.count) == Array(repeating: 2 * line.utf8.count, count: 5))
    #expect(buffer.count == 0)
    buffer.flush()
    #expect(pieces.count == 5, "an empty flush hands nothing on")
  }

  /// One append larger than the capacity is not cut: the buffer makes room for it whole.
  @Test func anAppendLargerThanTheCapacityArrivesWhole() {
    var pieces: [[UInt8]] = []
    var buffer = ByteBuffer(capacity: 16) { pieces.append(Array(copying: $0)) }
    let line = "pci_bus 7b1e:00: root bus resource [mem 0xfe0000000-0xfe00fffff window]\n"
    buffer.append("[  1.4] ")
    buffer.append(line)
    buffer.flush()
    #expect(pieces.map { String(decoding: $0, as: UTF8.self) } == ["[  1.4] ", line])
  }

  @Test func removeAllForgetsTheBytes() {
    var buffer = ByteBuffer()
    buffer.append("boot 1")
    buffer.removeAll()
    buffer.append("boot 2")
    #expect(buffer.text == "boot 2")
  }
}
