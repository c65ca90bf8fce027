import SeededRandom
import Testing

@testable import LineScan

/// The candidate test the scanner runs on every message: catalog prefixes, or dev_printk's PCI
/// function address as the second word.
@Suite struct CandidateFilterTests {
  static let filter = CandidateFilter(
    prefixes: ["hv_vmbus: ", "pci_bus "].map { Array($0.utf8) }, secondWord: "????:??:??.?:")

  static func admits(_ message: String) -> Bool {
    Array(message.utf8).withByteView { filter.admits($0) }
  }

  @Test func realMessages() {
    #expect(Self.admits("hv_vmbus: registering driver hv_pci"))
    #expect(Self.admits("pci_bus 1c2d:00: root bus resource [mem 0xfe8000000-0xfe87fffff window]"))
    #expect(Self.admits("pci 1c2d:00:02.0: BAR 0 [mem 0xfe8000000-0xfe8003fff 64bit]: assigned"))
    #expect(Self.admits("mlx5_core 7870:00:02.0: firmware version: 16.30.1004"))
    #expect(!Self.admits("nvme nvme0: 8/0/0 default/read/poll queues"))
    #expect(!Self.admits("sd 0:0:0:0: [sda] 62914560 512-byte logical blocks"))
    #expect(!Self.admits("random: crng init done"))
    // The address must be followed by something (the message), and start within 32 bytes.
    #expect(!Self.admits("pci 0000:00:08.0:"))
    #expect(!Self.admits(String(repeating: "x", count: 32) + " 0000:00:08.0: BAR 0"))
  }

  /// The masked two-word compare answers as the byte compares of the address's punctuation do,
  /// whatever the bytes around it and however few of them may be loaded.
  @Test func maskedShapeAgreesWithByteCompares() {
    var rng = SplitMix64(seed: 51)
    let alphabet = Array("0:.a ".utf8)
    let shape = WordShape("????:??:??.?:")
    for _ in 0..<20_000 {
      let n = Int(rng.next() % 40)
      var bytes = (0..<48).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
      let space = Int(rng.next() % 34)
      if space < 48 { bytes[space] = 0x20 }
      let want: Bool = {
        let a = space + 1
        guard space < min(n, 32), a + 13 < n else { return false }
        return bytes[a + 4] == 0x3A && bytes[a + 7] == 0x3A && bytes[a + 10] == 0x2E && bytes[a + 12] == 0x3A
      }()
      bytes.withUnsafeBufferPointer { b in
        #expect(shape.matches(b.baseAddress!, n, readable: 48, space: space) == want, "\(bytes.prefix(n))")
        #expect(shape.matches(b.baseAddress!, n, readable: n, space: space) == want, "\(bytes.prefix(n))")
      }
    }
  }
}
