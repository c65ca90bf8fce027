import IomemParse
import KdumpCheck
import Testing

/// The capture model: every artifact gets its kernel from evidence, dumps go to the kernel that
/// was running, repeats are read once.
@Suite struct CaptureTests {
  static func capture(_ files: [(String, String)], options: CheckOptions = CheckOptions()) -> Capture {
    Capture(vm: "vm", files: files.map { CaptureFile.read(text: $0.1, source: $0.0) }, options: options)
  }

  static let firstBoot = """
    [    0.000000] Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-104) (x86_64-linux-gnu-gcc-12) #25-Ubuntu SMP
    [    0.000000] Command line: BOOT_IMAGE=/vmlinuz-6.8.0-1021-azure root=/dev/sda1 ro crashkernel=256M
    [    0.000000] Hypervisor detected: Microsoft Hyper-V
    [    0.000000] crashkernel reserved: 0x000000002f000000 - 0x000000003f000000 (256 MB)
    [    1.402118] hv_vmbus: Vmbus version:5.3
    """

  static let firstDump = """
    00000000-00000fff : Reserved
    00001000-0009ffff : System RAM
    00100000-3ffeffff : System RAM
      2f000000-3effffff : Crash kernel
    40000000-407fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
    """

  static let kdumpDump = """
    00000000-00000fff : Reserved
    00001000-0009ffff : System RAM
    2f000000-3ef5ffff : System RAM
      30000000-30c031d0 : Kernel code
    40000000-40001fff : 9a7c3e10-5b2d-4f6e-b8a1-0c3d5e7f9a2b
    """

  @Test func aDumpAfterTheLogBelongsToTheBootThatWasRunning() {
    let text =
      Self.firstBoot + "\n[  600.000000] reboot: Restarting system\n" + Self.firstBoot
      + "\n$ sudo cat /proc/iomem\n"
      + Self.firstDump + "\n"
    let c = Self.capture([("console.log", text)])
    let dump = c.artifacts.first { $0.kind == .iomemDump }!
    #expect(dump.kernel == .first)
    let graph = c.graphs[dump.graph!]
    #expect(graph.boot?.index == 1)
    #expect(c.graphs.filter { $0.iomem != nil }.count == 1)
  }

  @Test func aKdumpKernelsDumpIsProvenByTheCrashRegionAndPaired() {
    let c = Self.capture([
      ("vmcore-dmesg.txt", Self.firstBoot), ("iomem", Self.firstDump), ("iomem.2", Self.kdumpDump),
    ])
    let dumps = c.artifacts.filter { $0.kind == .iomemDump }
    #expect(dumps.map(\.kernel) == [.first, .kdump])
    #expect(dumps[1].proven)
    #expect(dumps[1].reason.contains("crash kernel region 0x2f000000-0x3effffff"))
    #expect(c.pairs.count == 1)
    #expect(c.pairs[0].kdumpProven)
    #expect(c.graphs[c.pairs[0].first].boot?.source == "vmcore-dmesg.txt")
    // The kdump kernel's dump is not merged into the first kernel: its 8 KiB window is a kdump claim.
    #expect(c.graphs[c.pairs[0].kdump].claims(.hvPciConfigWindow).map(\.range.start) == [0x4000_0000])
    #expect(c.graphs[c.pairs[0].first].claims(.hvPciConfigWindow).isEmpty)
  }

  @Test func aKdumpShapedDumpAloneIsOnlyPresumed() {
    let c = Self.capture([("iomem", Self.kdumpDump)])
    let dump = c.artifacts[0]
    #expect(dump.kernel == .kdump)
    #expect(!dump.proven)
    #expect(dump.reason.contains("the shape of a kdump kernel's memory map"))
  }

  @Test func aDumpNamedForTheKdumpKernelIsOneWhenItsContentSaysNothing() {
    let c = Self.capture([("iomem-kdump.txt", "40000000-40001fff : 9a7c3e10-5b2d-4f6e-b8a1-0c3d5e7f9a2b\n")])
    #expect(c.artifacts[0].kernel == .kdump)
    #expect(c.artifacts[0].reason.contains("iomem-kdump.txt"))
  }

  @Test func twoDumpsOfOneKernelAreComparedNotMergedTwice() {
    let later = Self.firstDump + "\n40800000-40801fff : 9a7c3e10-5b2d-4f6e-b8a1-0c3d5e7f9a2b\n"
    let c = Self.capture([("iomem", Self.firstDump), ("iomem.later", later)])
    #expect(c.graphs.filter { $0.iomem != nil }.count == 1)
    let note = c.notes.first { $0.contains("a second /proc/iomem") }
    #expect(note?.contains("1 only in the second (0x40800000-0x40801fff 9a7c3e10") == true, "\(c.notes)")
  }

  static let journal = """
    Dec 02 18:30:00 vm1 kernel: Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-104) (x86_64-linux-gnu-gcc-12) #25-Ubuntu SMP
    Dec 02 18:30:00 vm1 kernel: Command line: BOOT_IMAGE=/vmlinuz-6.8.0-1021-azure root=/dev/sda1 ro crashkernel=256M
    Dec 02 18:30:00 vm1 kernel: Hypervisor detected: Microsoft Hyper-V
    Dec 02 18:30:00 vm1 kernel: crashkernel reserved: 0x000000002f000000 - 0x000000003f000000 (256 MB)
    Dec 02 18:30:01 vm1 kernel: hv_vmbus: Vmbus version:5.3
    """

  @Test func theSameBootInDmesgAndAJournalExportIsReadOnce() {
    let c = Self.capture([("sos_commands/kernel/dmesg", Self.firstBoot), ("journal.txt", Self.journal)])
    #expect(c.graphs.count == 1)
    #expect(c.sources.map(\.duplicateOf) == [nil, "sos_commands/kernel/dmesg"])
  }

  @Test func aJournalThatWentOnKeepsTheLongerReadOfTheBoot() {
    // `journalctl -k -o short-monotonic`: the same stamps as dmesg, and one more message.
    let stamped = Self.firstBoot.split(separator: "\n").map { line in
      line.replacing("] ", with: "] vm1 kernel: ", maxReplacements: 1)
    }
    let longer = stamped.joined(separator: "\n") + "\n[    2.188020] vm1 kernel: Run /init as init process\n"
    let c = Self.capture([("sos_commands/kernel/dmesg", Self.firstBoot), ("journal.txt", longer)])
    #expect(c.graphs.count == 1)
    #expect(c.graphs[0].boot?.source == "journal.txt")
    let repeat_ = c.artifacts.first { $0.duplicateOf != nil }
    #expect(repeat_?.source == "sos_commands/kernel/dmesg")
    #expect(repeat_?.duplicateOf == "journal.txt boot 0")
  }

  @Test func aPresumedKdumpBootSaysWhatItFollows() {
    let text = """
      [    0.000000] Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-104) #25-Ubuntu SMP
      [    0.000000] Hypervisor detected: Microsoft Hyper-V
      [  301.118400] Kernel panic - not syncing: sysrq triggered crash
      [    0.000000] Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-104) #25-Ubuntu SMP
      [    1.402118] hv_vmbus: Vmbus version:5.3
      """
    let c = Self.capture([("serial.log", text)])
    #expect(c.pairs.count == 1 && !c.pairs[0].kdumpProven)
    #expect(c.artifacts[1].reason.contains("it follows the panic of boot 0 (line 3)"))
  }

  @Test func aBootAfterAPlainRebootIsNeverPairedAsKdump() {
    let text =
      Self.firstBoot
      + "\n[  600.000000] reboot: Restarting system\n[    1.000000] hv_vmbus: Vmbus version:5.3\n"
    let c = Self.capture([("serial.log", text)])
    #expect(c.pairs.isEmpty)
    #expect(c.artifacts.map(\.kernel) == [.first, .first])
  }
}

/// What a VM runs on, and which rules judge it.
@Suite struct PlatformTests {
  static func platform(_ log: String, source: String = "dmesg.txt") -> (Platform, [Finding]) {
    let c = Capture(files: [CaptureFile.read(text: log, source: source)])
    return (c.platform, RuleRegistry.check(c))
  }

  @Test func hyperVGen2FromItsLines() {
    let (p, _) = Self.platform(
      """
      [    0.000000] Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-104) (x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0)) #25-Ubuntu SMP
      [    0.000000] efi: EFI v2.7 by Microsoft
      [    0.000000] Hypervisor detected: Microsoft Hyper-V
      """)
    #expect(p.hypervisor == .hyperV && p.generation == .gen2 && p.architecture == .x86_64)
    #expect(p.summary == "Hyper-V Gen2, x86-64")
  }

  @Test func kvmGuestGetsOnlyTheKdumpRules() {
    let (p, findings) = Self.platform(
      """
      [    0.000000] Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-12) #1 SMP
      [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-27-amd64 root=/dev/vda1 ro
      [    0.000000] DMI: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
      [    0.000000] Hypervisor detected: KVM
      """)
    #expect(p.hypervisor == .kvm)
    #expect(findings.map(\.rule) == ["KD009"])
  }

  @Test func wsl2HasNoKdumpRules() {
    let (p, findings) = Self.platform(
      """
      [    0.000000] Linux version 5.15.167.4-microsoft-standard-WSL2 (root@f9c826d3017f) (gcc (GCC) 11.2.0) #1 SMP
      [    0.000000] Command line: initrd=\\initrd.img WSL_ROOT_INIT=1 panic=-1 nr_cpus=16 console=hvc0
      [    0.000000] Hypervisor detected: Microsoft Hyper-V
      """)
    #expect(p.wsl2 && p.hypervisor == .hyperV)
    #expect(findings.isEmpty)
    let report = VMReport(
      capture: Capture(files: [
        CaptureFile.read(
          text:
            "[    0.000000] Linux version 5.15.167.4-microsoft-standard-WSL2 (root@f9c826d3017f) #1 SMP\n",
          source: "dmesg")
      ]))
    #expect(report.verdict == .undecided)
    #expect(report.verdictReason.hasPrefix("WSL2 kernels have no kdump"))
  }

  @Test func arm64FromTheCPULine() {
    let (p, _) = Self.platform(
      """
      [    0.000000] Booting Linux on physical CPU 0x0000000000 [0x413fd0c1]
      [    0.000000] Linux version 6.8.0-1021-azure (buildd@bos03-arm64-019) (aarch64-linux-gnu-gcc-12) #25-Ubuntu SMP
      [    0.000000] Hyper-V: privilege flags low 0xae7f, high 0x3b8030, hints 0x64e24, misc 0xbed7b2
      """)
    #expect(p.architecture == .arm64 && p.hypervisor == .hyperV)
  }

  @Test func vmwareAndBareMetal() {
    #expect(
      Self.platform(
        "[    0.000000] Linux version 6.1.0 (root@build) #1 SMP\n[    0.000000] DMI: VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform, BIOS 6.00 11/12/2020\n"
      ).0.hypervisor == .vmware)
    #expect(
      Self.platform(
        "[    0.000000] Linux version 6.1.0 (root@build) #1 SMP\n[    0.000000] DMI: FUJITSU PRIMERGY RX2540 M5/D3384-B1, BIOS V5.0.0.14 R1.22.0 07/23/2020\n"
      ).0.hypervisor == .bareMetal)
  }
}
