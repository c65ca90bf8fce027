import IomemParse
import KdumpCheck
import Testing

/// What `Inference` adds that no line printed, by drivers/hv/vmbus_drv.c's allocation rules
/// (vmbus_allocate_mmio(): the lowest free address of the first window with room, skipping the
/// framebuffer reservation unless fb_overlap_ok): where the first kernel's VRAM went, and where
/// the kdump kernel's hv_pci config window lands.
@Suite struct InferenceTests {
  /// The seed's VM: Gen1, 128 MiB of VRAM for a 64 MiB reservation, then a kdump kernel whose
  /// hv_pci registers with no line saying where its config window went.
  static let console = """
    [    0.000000] Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-076) #25-Ubuntu SMP
    [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-1021-azure ro crashkernel=512M
    [    0.000000] DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018
    [    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]
    [    3.000000] hv_vmbus: registering driver hyperv_fb
    [    3.100000] hyperv_fb: Unable to allocate enough contiguous physical memory on Gen 1 VM. Using MMIO instead.
    [    3.200000] hyperv_fb: Screen resolution: 7680x4320, Color depth: 32, Frame buffer size: 134217728
    [  100.000000] Kernel panic - not syncing: sysrq triggered crash
    [    0.000000] Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-076) #25-Ubuntu SMP
    [    0.000000] Command line: elfcorehdr=0xd6000000 BOOT_IMAGE=/boot/vmlinuz-6.8.0-1021-azure ro reset_devices
    [    0.000000] DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018
    [    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]
    [    2.000000] hv_vmbus: registering driver hv_pci

    """

  static func capture() throws -> (first: BootGraph, kdump: BootGraph) {
    let capture = Capture(files: [CaptureFile.read(text: console, source: "serial.log")])
    let pair = try #require(capture.pairs.first)
    #expect(pair.kdumpProven)
    return (capture.graphs[pair.first], capture.graphs[pair.kdump])
  }

  @Test func vramThatDoesNotFitGoesToTheLowestFreeAddressOfAWindowWithRoom() throws {
    let first = try Self.capture().first
    let vram = try #require(first.vram)
    #expect(vram.certainty == .inferred)
    // 128 MiB do not fit between the reservation's end and the low window's (45.25 MiB at
    // 0xfc000000), so the high window's base.
    #expect(vram.range.hex == "0xfe0000000-0xfe7ffffff")
    #expect(
      vram.reasoning?.contains(
        "does not fit the framebuffer reservation, so vmbus_allocate_mmio() takes the lowest free address of the first window with room"
      ) == true)
    // It rests on the windows line and the size line.
    #expect(vram.provenance.map(\.line).contains(4))
    #expect(vram.provenance.map(\.line).contains(7))
  }

  @Test func theKdumpKernelsConfigWindowTakesTheLowestFreeAddressPastItsReservation() throws {
    let kdump = try Self.capture().kdump
    let window = try #require(kdump.claims(.hvPciConfigWindow).first)
    #expect(window.certainty == .inferred)
    #expect(window.range.hex == "0xfc000000-0xfc001fff")
    #expect(
      window.reasoning
        == "hv_pci's 8 KiB config window takes the lowest free address of the first MMIO window outside the framebuffer reservation 0xf8000000-0xfbffffff"
    )
    // The kdump kernel's windows line and its hv_pci registration.
    #expect(Set(window.provenance.map(\.line)) == [12, 13])
  }
}
