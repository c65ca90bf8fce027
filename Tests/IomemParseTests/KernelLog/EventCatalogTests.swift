import ByteInput
import IomemParse
import Testing

/// Each message as the kernel source prints it (see the pattern's comment for the file).
@Suite struct EventCatalogTests {
  func kind(_ message: String) -> EventKind? {
    KernelLogReader.read(text: "[    1.000000] " + message, source: "t").events.first?.kind
  }

  @Test func hvMmioWindowsWithAndWithoutFramebuffer() throws {
    guard
      case .hvMmioWindows(let low, let high, let fb) = kind(
        "hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]"
      )
    else {
      Issue.record("no event")
      return
    }
    #expect(low.range == AddressRange(start: 0xf800_0000, inclusiveEnd: 0xfed3_ffff))
    #expect(high.range?.start == 0xfe000_0000)
    #expect(fb.range?.size == 64 << 20)
    guard
      case .hvMmioWindows(_, let noHigh, let noFB) = kind(
        "hv_vmbus: hv_mmio=[mem 0x40000000-0xfed3ffff],(null) fb=(null)")
    else {
      Issue.record("no event")
      return
    }
    #expect(noHigh.isNull && noFB.isNull)
  }

  @Test func pciBarsInBothFormats() {
    let old = kind("pci 0000:00:08.0: reg 0x10: [mem 0xf8000000-0xfbffffff]")
    let new = kind("pci 0000:00:08.0: BAR 0 [mem 0xf8000000-0xfbffffff]")
    for k in [old, new] {
      guard case .pciBar(let address, let bar, let r, let action, _) = k else {
        Issue.record("\(String(describing: k))")
        continue
      }
      #expect(address == "0000:00:08.0" && bar == "BAR 0" && action == .probed)
      #expect(r.range == AddressRange(start: 0xf800_0000, inclusiveEnd: 0xfbff_ffff))
    }
    let assignedOld = kind("pci 2ba2:00:02.0: BAR 0: assigned [mem 0xfe0000000-0xfe07fffff 64bit pref]")
    let assignedNew = kind("pci 2ba2:00:02.0: BAR 0 [mem 0xfe0000000-0xfe07fffff 64bit pref]: assigned")
    #expect(assignedOld?.name == "pci_bar_assigned" && assignedNew?.name == "pci_bar_assigned")
    if case .pciBar(_, _, let r, _, _) = assignedNew { #expect(r.flags == ["64bit", "pref"]) }
    #expect(
      kind("pci 2ba2:00:02.0: BAR 0: no space for [mem size 0x00800000 64bit pref]")?.name
        == "pci_bar_no_space")
    #expect(
      kind("pci 2ba2:00:02.0: BAR 0 [mem size 0x00800000 64bit pref]: can't assign; no space")?.name
        == "pci_bar_no_space")
    #expect(
      kind("pci 2ba2:00:02.0: BAR 0: failed to assign [mem size 0x00800000 64bit pref]")?.name
        == "pci_bar_failed_to_assign")
    #expect(
      kind(
        "pci 0000:00:08.0: can't claim BAR 0 [mem 0xf8000000-0xfbffffff]: address conflict with PCI Bus 0000:00 [mem 0xf8000000-0xfffbffff]"
      )?
      .name == "pci_bar_cant_claim")
    #expect(
      kind("hyperv_drm 0000:00:08.0: BAR 0: can't reserve [mem 0xf8000000-0xfbffffff]")?.name
        == "pci_bar_cant_reserve")
    #expect(kind("pci 0000:00:08.0: [1414:5353] type 00 class 0x030000")?.name == "pci_device")
    #expect(kind("pci 2ba2:00:02.0: [15b3:1016] type 00 class 0x020000 PCIe Endpoint")?.name == "pci_device")
  }

  @Test func hvPciMessages() {
    let guid = "bb8c4f33-2ba2-4b53-9d7a-6f3e3a9d1c10"
    #expect(
      kind("hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048")?.name
        == "hv_pci_d0_failed")
    if case .hvPciD0Failed(let device, let status) = kind(
      "hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048")
    {
      #expect(device == guid && status == "c0370048")
    }
    #expect(kind("hv_pci \(guid): Retrying D0 Entry")?.name == "hv_pci_d0_retry")
    #expect(kind("hv_pci \(guid): Retrying D0 failed with ret -22")?.name == "hv_pci_d0_retry_failed")
    #expect(kind("hv_pci \(guid): PCI VMBus probing: Using version 0x10004")?.name == "hv_pci_protocol")
    #expect(kind("hv_pci \(guid): PCI host bridge to bus 2ba2:00")?.name == "pci_host_bridge")
    #expect(
      kind("hv_pci \(guid): Need 0x8000000 of low MMIO space. Consider reconfiguring the VM.")?.name
        == "hv_pci_need_mmio")
    #expect(
      kind("pci_bus 2ba2:00: root bus resource [mem 0xfe0000000-0xfe07fffff window]")?.name
        == "pci_root_bus_resource")
    #expect(kind("hv_vmbus: probe failed for device \(guid) (-6)")?.name == "vmbus_probe_failed")
  }

  @Test func bootMemoryAndFramebufferMessages() {
    #expect(kind("BIOS-e820: [mem 0x0000000000100000-0x00000000f7feffff] usable")?.name == "e820_entry")
    if case .crashkernelReserved(let r, _) = kind(
      "crashkernel reserved: 0x00000000a5000000 - 0x00000000c5000000 (512 MB)")
    {
      #expect(r == AddressRange(start: 0xa500_0000, inclusiveEnd: 0xc4ff_ffff))
    } else {
      Issue.record("crashkernel")
    }
    if case .crashkernelReserved(let r, _) = kind(
      "Reserving 512MB of memory at 3440MB for crashkernel (System RAM: 20479MB)")
    {
      #expect(r == AddressRange(start: 3440 << 20, size: 512 << 20))
    } else {
      Issue.record("old crashkernel")
    }
    if case .swiotlb(let r) = kind(
      "software IO TLB: mapped [mem 0x00000000bbf00000-0x00000000bff00000] (64MB)")
    {
      #expect(r.end == 0xbfef_ffff && r.size == 64 << 20)
    } else {
      Issue.record("swiotlb")
    }
    #expect(kind("efifb: framebuffer at 0xf8000000, using 3072k, total 3072k")?.name == "efifb_framebuffer")
    #expect(
      kind("hyperv_fb: Screen resolution: 1024x768, Color depth: 32, Frame buffer size: 8388608")?.name
        == "screen_resolution")
    #expect(
      kind("hyperv_drm 5620e0c7-8062-4dce-aeb7-520c7ef76171: [drm] *ERROR* Failed to allocate mmio")?.name
        == "framebuffer_failure")
    #expect(
      kind("hyperv_drm 5620e0c7-8062-4dce-aeb7-520c7ef76171: [drm] Synthvid Version major 3, minor 5")?.name
        == "synthvid_version")
    #expect(kind("Hyper-V: Isolation Config: Group A 0x1, Group B 0xba2")?.name == "hyperv_isolation")
    #expect(
      kind("Hyper-V: privilege flags low 0xae7f, high 0x3b8030, hints 0xc2c, misc 0xe0bed7b6")?.name
        == "hyperv_features")
    #expect(kind("Hyper-V: Host Build 10.0.20348.1915-1-0")?.name == "hyperv_host_build")
    #expect(
      kind(
        "DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS Hyper-V UEFI Release v4.1 04/06/2022"
      )?.name == "dmi")
    #expect(
      kind(
        "resource: resource sanity check: requesting [mem 0x00000000e0000000-0x00000000efffffff], which spans more than BOOTFB [mem 0xe0000000-0xe012bfff]"
      )?.name == "resource_sanity_check")
    #expect(kind("Kernel panic - not syncing: sysrq triggered crash")?.name == "kernel_panic")
    #expect(kind("Run /init as init process")?.name == "init_started")
  }

  @Test func wrappedCommandLineAndResourceJoinTheirMessage() throws {
    let log = KernelLogReader.read(
      text: """
        [    0.000000] Command line: BOOT_IMAGE=/vmlinuz-6.8.0 root=UUID=1234 ro console=ttyS0
        irqpoll nr_cpus=1 reset_devices elfcorehdr=0x7f000000
        [    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffff
        ffff] fb=[mem 0xf8000000-0xfbffffff]
        Since the prose after it is not a continuation.
        """, source: "t")
    #expect(log.events.map(\.kind.name) == ["command_line", "hv_mmio_windows"])
    #expect(log.boots[0].commandLine?.elfcorehdr == "0x7f000000")
    #expect(log.boots[0].role == .kdump)
    #expect(log.lines.continuations == 2)
    #expect(log.lines.nonKernel == 1)
  }

  @Test func malformedLinesGiveDiagnosticsNotCrashes() {
    let bytes: [UInt8] =
      Array("[    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3".utf8) + [0x0A]
      + [0xFF, 0xFE, 0x00, 0x80, 0x0A] + Array("hv_pci without a stamp but not a message\n".utf8)
    var reader = KernelLogReader(source: "garbage")
    var splitter = LineSplitter()
    bytes.withByteView { splitter.feed($0) { reader.feed($0, line: $1) } }
    let log = reader.finish()
    #expect(log.events.isEmpty)
    #expect(log.diagnostics.map(\.code) == ["log.truncated-resource"])
    #expect(log.diagnostics[0].line == 1)
    #expect(log.lines.nonKernel == 2)
    #expect(log.lines.kernelMessages == 1 && log.lines.unrecognizedMessages == 1)
  }
}

@Suite struct DriverOrderTests {
  @Test func registrationsKnowWhetherTheyCameBeforeInit() {
    let log = KernelLogReader.read(
      text: """
        [    1.000000] hv_vmbus: registering driver hv_pci
        [    2.000000] Run /init as init process
        [    3.000000] hv_vmbus: registering driver hyperv_drm
        [    0.000000] hv_vmbus: registering driver hv_netvsc
        """, source: "t")
    let order = log.events.compactMap { e -> String? in
      guard case .vmbusDriverRegistered(let d, let after) = e.kind else { return nil }
      return "\(e.boot) \(d) \(after.map(String.init) ?? "unknown")"
    }
    #expect(order == ["0 hv_pci false", "0 hyperv_drm true", "1 hv_netvsc unknown"])
  }
}
