import IomemParse
import Testing

@Suite struct AddressRangeTests {
  let vram = AddressRange(start: 0xfe000_0000, inclusiveEnd: 0xfe7ff_ffff)!

  @Test func sizeIsInclusive() {
    #expect(vram.size == 128 << 20)
    #expect(AddressRange(start: 5, inclusiveEnd: 5)!.size == 1)
  }

  @Test func reversedOrEmptyRangesAreRejected() {
    #expect(AddressRange(start: 2, inclusiveEnd: 1) == nil)
    #expect(AddressRange(start: 2, exclusiveEnd: 2) == nil)
    #expect(AddressRange(start: UInt64.max, size: 2) == nil)
  }

  @Test func exclusiveEndsBecomeInclusive() {
    // `crashkernel reserved: 0x00000000a5000000 - 0x00000000c5000000 (512 MB)` prints start + size.
    let crash = AddressRange(start: 0xa500_0000, exclusiveEnd: 0xc500_0000)!
    #expect(crash.end == 0xc4ff_ffff)
    #expect(crash.size == 512 << 20)
    #expect(AddressRange(start: 0xa500_0000, size: 512 << 20) == crash)
  }

  @Test func containsOverlapsIntersection() {
    let bar0 = AddressRange(start: 0xf800_0000, inclusiveEnd: 0xfbff_ffff)!
    let window = AddressRange(start: 0xf800_0000, inclusiveEnd: 0xfffb_ffff)!
    let touching = AddressRange(start: 0xfc00_0000, inclusiveEnd: 0xfc00_1fff)!
    #expect(window.contains(bar0))
    #expect(!bar0.contains(window))
    #expect(!bar0.overlaps(touching))
    #expect(window.overlaps(touching))
    #expect(bar0.intersection(touching) == nil)
    #expect(window.intersection(bar0) == bar0)
    #expect(bar0.contains(0xfbff_ffff) && !bar0.contains(0xfc00_0000))
  }

  @Test func humanFormatting() {
    #expect(vram.description == "0xfe0000000-0xfe7ffffff (128 MiB)")
    #expect(vram.sizeFirst == "128 MiB at 0xfe0000000-0xfe7ffffff")
    #expect(
      AddressRange(start: 0xf800_0000, inclusiveEnd: 0xfffb_ffff)!.description
        == "0xf8000000-0xfffbffff (127.75 MiB)")
    #expect(AddressRange(start: 0, inclusiveEnd: 0xfff)!.description == "0x0-0xfff (4 KiB)")
    #expect(AddressRange(start: 0, inclusiveEnd: UInt64.max)!.description.hasSuffix("(16 EiB)"))
  }

  @Test func hexParsingRejectsOverflowAndNonHex() {
    func parse(_ s: String) -> Hex.ParseResult { Array(s.utf8).withByteView { Hex.parse($0) } }
    #expect(parse("00000000fe0000000") == .value(0xfe000_0000))
    #expect(parse("FFFFFFFFFFFFFFFF") == .value(UInt64.max))
    #expect(parse("10000000000000000") == .overflow)
    #expect(parse("00zz") == .notHex(offset: 2))
  }
}
