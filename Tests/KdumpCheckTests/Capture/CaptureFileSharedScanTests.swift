import IomemParse
import KdumpCheck
import SeededRandom
import Testing

/// `CaptureFile` reads a block once: the log reader's scan hands its lines, and its runs of
/// plain dmesg lines whole, to the /proc/iomem and shell readers. What those readers make of an
/// input must be what they make of it alone, line by line — around open dumps, open shell
/// sections, prose, blank lines, a message glued to its stamp, and runs of every length.
@Suite struct CaptureFileSharedScanTests {
  static let pool = [
    "[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP",
    "[    0.100000] plain message one",
    "[    0.200000] another plain message, longer than the others so far",
    "[    1.000000] hv_vmbus: registering driver hv_pci",
    "$ cat /proc/cmdline",
    "BOOT_IMAGE=/vmlinuz ro crashkernel=512M",
    "$ cat /sys/kernel/kexec_crash_loaded",
    "1",
    "# cat /proc/iomem",
    "00000000-00000fff : Reserved",
    "00001000-0009fbff : System RAM",
    "  000a0000-000bffff : PCI Bus 0000:00",
    "00100000-3fffffff : System RAM",
    "CONFIG_HYPERV_VMBUS=y",
    "",
    "prose between the pastes",
    "[2.5] glued",
  ]

  static func text(seed: UInt64) -> String {
    var rng = SplitMix64(seed: seed)
    var lines: [String] = []
    while lines.count < 400 {
      let pick = pool[Int(rng.next() % UInt64(pool.count))]
      // Plain log lines come in runs of any length, as in a real log.
      let repeats = pick.hasPrefix("[    0.") ? Int(rng.next() % 40) + 1 : 1
      lines += Array(repeating: pick, count: repeats)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func theSharedScanReadsAsEachReaderAlone(seed: UInt64) {
    let text = Self.text(seed: seed)
    let file = CaptureFile.read(text: text, source: "paste")
    // Nothing here is mangled: the block path, where the scan is shared, reads it.
    #expect(file.forms.isEmpty)
    let iomem = IomemReader.read(text: text, source: "paste")
    #expect(file.iomem.lines == iomem.lines, "seed \(seed)")
    #expect(file.iomem.dumps.map { $0.treeText() } == iomem.dumps.map { $0.treeText() })
    #expect(
      file.iomem.diagnostics.map { "\($0.code)@\($0.line)" }
        == iomem.diagnostics.map { "\($0.code)@\($0.line)" })
    let shell = ShellFactReader.read(text: text, source: "paste")
    #expect(
      file.shell.facts.map { "\($0.provenance.line) \($0.fact)" }
        == shell.facts.map { "\($0.provenance.line) \($0.fact)" })
    #expect(
      file.shell.sections.map { "\($0.kind) \($0.firstLine)-\($0.lastLine) \($0.unrecognized)" }
        == shell.sections.map { "\($0.kind) \($0.firstLine)-\($0.lastLine) \($0.unrecognized)" })
    #expect(file.log.lines.total == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
  }
}
