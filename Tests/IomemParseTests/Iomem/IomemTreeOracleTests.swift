import Foundation
import IomemParse
import Testing

/// The reader's whole result, judged by its tree dump — each entry with its range, size, name,
/// kind and `@line` — against the nesting the kernel printed (kernel/resource.c r_show(): two
/// spaces a level), whatever the input lost on its way. (The depth cap of five is
/// `IomemReaderTests.depthCapOfFiveIsDecidedByContainment`'s.)
@Suite struct IomemTreeOracleTests {
  static func tree(_ text: String) throws -> String {
    let doc = IomemReader.read(text: text, source: "iomem")
    #expect(doc.dumps.count == 1)
    return try #require(doc.first).treeText()
  }

  static let gen1Tree = """
    0x0-0xfff 4 KiB Reserved [reserved] @1
    0x1000-0x9fbff 635 KiB System RAM [system_ram] @2
    0xa0000-0xbffff 128 KiB PCI Bus 0000:00 [pci_bus] @3
    0x100000-0xf7feffff 3.87 GiB System RAM [system_ram] @4
      0xd7000000-0xf6ffffff 512 MiB Crash kernel [crash_kernel] @5
    0xf8000000-0xfffbffff 127.75 MiB PCI Bus 0000:00 [pci_bus] @6
      0xf8000000-0xfbffffff 64 MiB 0000:00:08.0 [pci_device] @7
    0xfe0000000-0xfffffffff 512 MiB PCI Bus 0000:00 [pci_bus] @8
      0xfe0000000-0xfe7ffffff 128 MiB 5620e0c7-8062-4dce-aeb7-520c7ef76171 [vmbus_device] @9

    """

  static let gen1Lines = [
    "00000000-00000fff : Reserved",
    "00001000-0009fbff : System RAM",
    "000a0000-000bffff : PCI Bus 0000:00",
    "00100000-f7feffff : System RAM",
    "  d7000000-f6ffffff : Crash kernel",
    "f8000000-fffbffff : PCI Bus 0000:00",
    "  f8000000-fbffffff : 0000:00:08.0",
    "fe0000000-fffffffff : PCI Bus 0000:00",
    "  fe0000000-fe7ffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171",
  ]

  @Test func aCleanDumpIsItsOwnTree() throws {
    #expect(try Self.tree(Self.gen1Lines.joined(separator: "\n")) == Self.gen1Tree)
  }

  @Test func aFlattenedPasteGetsTheNestingBack() throws {
    // The seed mail's shape: every indent lost, recovered from which range contains which.
    let flat = Self.gen1Lines.map { $0.drop { $0 == " " } }.joined(separator: "\n")
    #expect(try Self.tree(flat) == Self.gen1Tree)
  }

  @Test func aQuotedTabIndentedPasteIsTheSameTree() throws {
    let quoted = Self.gen1Lines.map { "> " + $0.replacingOccurrences(of: "  ", with: "\t") }
    #expect(try Self.tree(quoted.joined(separator: "\r\n")) == Self.gen1Tree)
  }
}
