import IomemParse
import Testing

/// Where boots start and how they end, on console-shaped logs.
@Suite struct BootBoundaryTests {
  static func read(_ lines: [String], source: String = "serial-console.log") -> KernelLog {
    KernelLogReader.read(text: lines.joined(separator: "\n") + "\n", source: source)
  }

  @Test func interleavedCPUStampsStayOneBoot() {
    let log = Self.read([
      "[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02-amd64-031) #35-Ubuntu SMP",
      "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 crashkernel=512M",
      "[   14.231882] hv_pci 7b1e3f0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b: PCI host bridge to bus 1c2d:00",
      "[   14.231877] pci_bus 1c2d:00: root bus resource [mem 0xfe8000000-0xfe87fffff window]",
      "[   14.231890] pci 1c2d:00:02.0: [1414:b111] type 00 class 0x010802 PCIe Endpoint",
      "[   13.902118] systemd[1]: Started Journal Service.",
      "[   15.000000] sysrq: Trigger a crash",
    ])
    #expect(log.boots.count == 1)
    #expect(log.boots[0].role == .first)
    #expect(log.boots[0].ending == .panic)
  }

  @Test func aLostBannerStillStartsABootWhenTimeGoesFarBack() {
    let log = Self.read([
      "[ 3600.000000] Kernel panic - not syncing: sysrq triggered crash",
      "[    1.204000] hv_vmbus: Vmbus version:5.3",
    ])
    #expect(log.boots.map(\.start) == [.startOfInput, .timestampWentBackwards])
  }

  @Test func arm64CPULineAndBannerAreOneBoot() {
    let log = Self.read([
      "[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x413fd0c1]",
      "[    0.000000] Linux version 6.8.0-1030-azure (buildd@bos03-arm64-019) #35-Ubuntu SMP",
      "[    5.000000] reboot: Restarting system",
      "[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x413fd0c1]",
      "[    0.000000] Linux version 6.8.0-1030-azure (buildd@bos03-arm64-019) #35-Ubuntu SMP",
    ])
    #expect(log.boots.map(\.firstLine) == [1, 4])
    #expect(log.boots[0].kernelVersion == "6.8.0-1030-azure")
  }

  @Test func aBootAfterAPlainRebootIsAFirstKernel() {
    let log = Self.read([
      "[    0.000000] Linux version 5.15.0-1102-azure (buildd@lcy02-amd64-010) #111-Ubuntu SMP",
      "[  812.402113] reboot: Restarting system",
      "[    0.000000] Linux version 5.15.0-1102-azure (buildd@lcy02-amd64-010) #111-Ubuntu SMP",
    ])
    #expect(log.boots.map(\.ending) == [.reboot, .cutOff])
    #expect(log.boots[1].role == .first)
    #expect(log.boots[1].roleReason.contains("plain reboot"))
    #expect(log.boots[1].roleEvidence.map(\.line) == [2])
  }

  @Test func aKexecRebootIsNeitherRebootNorKdump() {
    let log = Self.read([
      "[    0.000000] Linux version 6.6.0 (root@build) #1 SMP",
      "[  120.000000] kexec_core: Starting new kernel",
      "[    0.000000] Linux version 6.6.0 (root@build) #1 SMP",
    ])
    #expect(log.boots[0].ending == .kexecReboot)
    #expect(log.boots[1].role == .first)
  }

  @Test func panicThatRebootsProvesNoCaptureKernel() {
    let log = Self.read([
      "[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02-amd64-031) #35-Ubuntu SMP",
      "[  301.118211] sysrq: Trigger a crash",
      "[  301.118400] Kernel panic - not syncing: sysrq triggered crash",
      "[  301.120000] Rebooting in 10 seconds..",
      "[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02-amd64-031) #35-Ubuntu SMP",
    ])
    #expect(log.boots[0].ending == .panicWithoutCapture)
    #expect(log.boots[0].endingEvidence.map(\.line) == [2, 3, 4])
    #expect(log.boots[1].role == .first)
  }

  @Test func anOopsAloneDoesNotEndABoot() {
    let log = Self.read([
      "[    0.000000] Linux version 6.8.0 (root@build) #1 SMP",
      "[  100.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008",
      "[  100.000100] Oops: 0000 [#1] PREEMPT SMP NOPTI",
    ])
    #expect(log.boots[0].ending == .cutOff)
  }

  @Test func kdumpToolsDmesgFileIsTheCrashedKernel() {
    let log = Self.read(
      ["[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02-amd64-031) #35-Ubuntu SMP"],
      source: "var/crash/202612021830/dmesg.202612021830")
    #expect(log.boots[0].role == .first)
    #expect(log.boots[0].roleReason.contains("kdump-tools"))
  }
}
