import IomemParse
import KdumpCheck
import Testing

/// What one kernel's graph holds after `GraphBuilder` and `Inference`: the claims its lines
/// show, with their ranges and the line each rests on, and the claims nothing printed, with the
/// allocation rule of drivers/hv/vmbus_drv.c they come from.
@Suite struct GraphTests {
  static func graph(_ log: String, source: String = "dmesg.txt") throws -> BootGraph {
    let capture = Capture(files: [CaptureFile.read(text: log, source: source)])
    return try #require(capture.graphs.first)
  }

  /// A Gen1 VM on 6.8 (2a8a8afba0c3, v6.0, in it): its lines, a few of the sample's.
  static let gen1 = """
    [    0.000000] Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-076) #25-Ubuntu SMP
    [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-1021-azure ro crashkernel=512M-:512M
    [    0.000000] DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018
    [    0.000000] Hypervisor detected: Microsoft Hyper-V
    [    0.000000] Reserving 512MB of memory at 3440MB for crashkernel (System RAM: 20479MB)
    [    1.012233] pci 0000:00:08.0: [1414:5353] type 00 class 0x030000
    [    1.012871] pci 0000:00:08.0: reg 0x10: [mem 0xf8000000-0xfbffffff]
    [    3.731882] hv_pci 3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70: PCI host bridge to bus 9b2c:00
    [    3.731890] pci_bus 9b2c:00: root bus resource [mem 0xfe0000000-0xfe00fffff window]

    """

  @Test func seenClaimsCiteTheirLines() throws {
    let g = try Self.graph(Self.gen1)
    #expect(g.generation == .gen1)
    let crash = try #require(g.claims(.crashKernel).first)
    // 3440 MiB = 0xd7000000, 512 MiB long.
    #expect(crash.range.hex == "0xd7000000-0xf6ffffff")
    #expect(crash.certainty == .seen)
    #expect(crash.provenance.map(\.line) == [5])
    let window = try #require(g.claims(.hvPciBusWindow).first)
    #expect(window.range.hex == "0xfe0000000-0xfe00fffff")
    #expect(window.owner.guid == "3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70")
    #expect(g.pciDomains["9b2c"] == "3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70")
  }

  @Test func gen1ReservesTheLegacyVideoBAR0WithTheChange() throws {
    let g = try Self.graph(Self.gen1)
    let bar = try #require(g.claims(.gen1FramebufferBar).first)
    #expect(bar.range.hex == "0xf8000000-0xfbffffff")
    let reservation = try #require(g.framebufferReservation)
    #expect(reservation.certainty == .inferred)
    #expect(reservation.range == bar.range)
    #expect(
      reservation.reasoning?.contains(
        "reserves the legacy video device's BAR0 (0000:00:08.0) with 2a8a8afba0c3") == true)
    // It rests on the BAR line.
    #expect(reservation.provenance.map(\.line).contains(7))
  }

  @Test func gen2WithoutTheChangeReservesAtLeast8MiBFromTheFirmwareFramebuffer() throws {
    // 6.8 has neither 016a25e4b0df (v7.1) nor one of its stable backports.
    let g = try Self.graph(
      """
      [    0.000000] Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-076) #25-Ubuntu SMP
      [    0.000000] efi: EFI v2.7 by Microsoft
      [    0.000000] DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS Hyper-V UEFI Release v4.1 09/28/2024
      [    0.000000] efifb: framebuffer at 0x40000000, using 3072k, total 3072k

      """)
    #expect(g.generation == .gen2)
    let fb = try #require(g.claims(.firmwareFramebuffer).first)
    #expect(fb.range.hex == "0x40000000-0x402fffff")
    let reservation = try #require(g.framebufferReservation)
    #expect(reservation.certainty == .inferred)
    #expect(reservation.range.hex == "0x40000000-0x407fffff")
    #expect(reservation.reasoning?.contains("reserves the firmware framebuffer base, at least 8 MiB") == true)
    #expect(reservation.provenance.map(\.line).contains(4))
  }
}
