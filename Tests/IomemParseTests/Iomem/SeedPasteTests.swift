import IomemParse
import Testing

/// The seed thread's paste: a flat Gen1 dump inside a mail reply.
@Suite struct SeedPasteTests {
  let document = try! IomemReader.read(path: Repo.sample("seed-thread/paste.txt"))

  @Test func restoresTheKernelsNesting() throws {
    let dump = try #require(document.first)
    #expect(document.dumps.count == 1)
    #expect(dump.nesting == .containment)
    #expect(dump.firstLine == 70 && dump.lastLine == 92)
    #expect(
      dump.kernelText() == """
        00000000-00000fff : Reserved
        00001000-0009fbff : System RAM
        0009fc00-0009ffff : Reserved
        000a0000-000bffff : PCI Bus 0000:00
        000c0000-000c7fff : Video ROM
        000e0000-000fffff : Reserved
          000f0000-000fffff : System ROM
        00100000-f7feffff : System RAM
          d7000000-f6ffffff : Crash kernel
        f7ff0000-f7ffefff : ACPI Tables
        f7fff000-f7ffffff : ACPI Non-volatile Storage
        f8000000-fffbffff : PCI Bus 0000:00
          f8000000-fbffffff : 0000:00:08.0
          fec00000-fec003ff : IOAPIC 0
          fee00000-fee00fff : PNP0C02:01
        fffc0000-ffffffff : PNP0C01:00
        100000000-507ffffff : System RAM
          281600000-28295449f : Kernel code
          282a00000-283746fff : Kernel rodata
          283800000-283c5287f : Kernel data
          28411a000-2845fffff : Kernel bss
        fe0000000-fffffffff : PCI Bus 0000:00
          fe0000000-fe7ffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171

        """)
  }

  @Test func treeShowsKindsSizesAndLines() throws {
    let tree = try #require(document.first).treeText()
    #expect(tree.contains("  0xd7000000-0xf6ffffff 512 MiB Crash kernel [crash_kernel] @78\n"))
    #expect(tree.contains("  0xf8000000-0xfbffffff 64 MiB 0000:00:08.0 [pci_device] @82\n"))
    #expect(
      tree.contains(
        "  0xfe0000000-0xfe7ffffff 128 MiB 5620e0c7-8062-4dce-aeb7-520c7ef76171 [vmbus_device] @92\n"))
  }

  @Test func accountsForEveryLine() {
    let l = document.lines
    #expect(l.total == 107)
    #expect(l.entries == 23)
    #expect(l.entries + l.skipped + l.blank + l.bad + l.elisions + l.ioports + l.joined == l.total)
    #expect(l.skippedSpans.spans.first?.lowerBound == 1)
    #expect(l.skippedSpans.spans.allSatisfy { !$0.overlaps(70...92) })
    #expect(l.skippedSpans.spans.last == 93...107)
    #expect(document.codes(.error).isEmpty)
    #expect(document.diagnostic("iomem.nesting-recovered")?.line == 70)
  }
}
