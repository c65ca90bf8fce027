import IomemParse
import KdumpCheck
import Testing

/// Every evidence line is cited under the kernel that printed it (`Capture.attribute`), also
/// when a claim of one kernel rests on the other's lines.
@Suite struct CaptureAttributionTests {
  /// `CaptureTests.firstBoot` (lines 1-5), its crash, and the kdump kernel it started (8-11).
  static let log =
    CaptureTests.firstBoot + "\n"
      + """
      [   93.114092] sysrq: Trigger a crash
      [   93.114231] Kernel panic - not syncing: sysrq triggered crash
      [    0.000000] Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-104) (x86_64-linux-gnu-gcc-12) #25-Ubuntu SMP
      [    0.000000] Command line: BOOT_IMAGE=/vmlinuz-6.8.0-1021-azure ro elfcorehdr=0x3e000000 nr_cpus=1
      [    0.000000] Hypervisor detected: Microsoft Hyper-V
      [    1.207551] hv_vmbus: Vmbus version:5.3
      """

  static let capture = Capture(
    vm: "vm",
    files: [
      CaptureFile.read(text: log, source: "serial-console.log"),
      CaptureFile.read(text: CaptureTests.firstDump, source: "iomem"),
    ])

  static func cited(_ source: String, _ line: Int, as boot: Int, _ role: BootRole) -> Evidence {
    capture.attribute(Evidence(Provenance(source: source, line: line, text: "…"), boot: boot, role: role))
  }

  @Test func aLineGoesToTheBootWhoseLinesHoldIt() {
    // Cited by a kdump-kernel claim, printed by the first kernel (line 4) and the other way round.
    let first = Self.cited("serial-console.log", 4, as: 1, .kdump)
    #expect(first.boot == 0 && first.role == .first)
    let kdump = Self.cited("serial-console.log", 10, as: 0, .first)
    #expect(kdump.boot == 1 && kdump.role == .kdump)
    // Both boots' edges: the panic line ends the first, the banner starts the second.
    #expect(Self.cited("serial-console.log", 7, as: 1, .kdump).role == .first)
    #expect(Self.cited("serial-console.log", 8, as: 0, .first).role == .kdump)
  }

  /// The dump after the log belongs to the kernel it shows (its `Crash kernel` entry: the
  /// first), so its lines are cited under that kernel.
  @Test func aDumpsLinesGoToTheKernelItWasReadFrom() {
    let line = Self.cited("iomem", 4, as: 1, .kdump)
    #expect(line.role == .first)
  }

  /// A line no boot or dump holds (another file, a line past the log) keeps what it was given.
  @Test func aLineNoArtifactHoldsIsLeftAsGiven() {
    #expect(Self.cited("README.md", 3, as: 1, .kdump).role == .kdump)
    #expect(Self.cited("serial-console.log", 99, as: 1, .kdump).boot == 1)
  }

  /// Through the registry: the kdump kernel's inferred config window rests on its own
  /// `hv_mmio=` line, the VRAM it lands on on the first kernel's dump.
  @Test func findingsCiteEachLineUnderItsKernel() throws {
    let dir = Repo.root + "/samples/gen1-hyperv-highmmio-vram/"
    let capture = Capture(
      vm: "vm", files: try ["serial-console.log", "iomem"].map { try CaptureFile.read(path: dir + $0) })
    let findings = RuleRegistry.check(capture)
    let kd001 = try #require(findings.first { $0.rule == "KD001" })
    let cited = kd001.evidence.map {
      "\($0.provenance.source.split(separator: "/").last!):\($0.provenance.line) \($0.role)"
    }
    #expect(
      cited == [
        "serial-console.log:49 kdump", "serial-console.log:51 kdump", "serial-console.log:42 kdump",
        "serial-console.log:46 kdump", "iomem:23 first",
      ])
    let kd002 = try #require(findings.first { $0.rule == "KD002" })
    #expect(
      kd002.evidence.map { "\($0.provenance.line) \($0.role) \($0.boot)" } == [
        "42 kdump 1", "23 first 0", "20 first 0", "31 first 0",
      ])
  }
}
