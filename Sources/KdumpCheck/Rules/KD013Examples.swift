enum KD013Examples {
  /// A running Gen1 VM's boot log from its banner, hv_pci built in or a module.
  static func dmesg(release: String, hvPciBuiltIn: Bool) -> String {
    let pci = "[    1.000000] hv_vmbus: registering driver hv_pci"
    return
      ([
        "[    0.000000] Linux version \(release) (builder@host) #1 SMP",
        "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-\(release) root=/dev/sda1 ro crashkernel=512M",
        "[    0.000000] DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018",
        "[    0.000000] Hypervisor detected: Microsoft Hyper-V",
        "[    0.400000] pci 0000:00:08.0: [1414:5353] type 00 class 0x030000",
        "[    0.600000] hv_vmbus: Vmbus version:5.3",
      ] + (hvPciBuiltIn ? [pci] : []) + [
        "[    2.000000] Run /init as init process",
        "[    3.000000] hv_vmbus: registering driver hyperv_drm",
      ] + (hvPciBuiltIn ? [] : ["[    3.100000] hv_vmbus: registering driver hv_pci"]) + [
        "[    3.200000] hv_pci 7b1e3f0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b: PCI VMBus probing: Using version 0x10004"
      ]).joined(separator: "\n")
  }

  /// The first kernel's /proc/iomem: 128 MiB of VRAM moved to high MMIO.
  static let iomem = """
    f8000000-fffbffff : PCI Bus 0000:00
      f8000000-fbffffff : 0000:00:08.0
    fe0000000-fffffffff : PCI Bus 0000:00
      fe0000000-fe7ffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
    """

  static func paste(release: String, pciHyperv: String) -> String {
    KD012Examples.paste(release: release, kexecArgs: "", kexecTools: "2.0.22", pciHyperv: pciHyperv)
  }

  static let triggering = [
    RuleExample(
      "Gen1 from v6.0, 128 MiB of VRAM in high MMIO, both drivers modules: at risk",
      files: [
        ("paste.txt", paste(release: "6.8.0-1030-azure", pciHyperv: "m")),
        ("dmesg", dmesg(release: "6.8.0-1030-azure", hvPciBuiltIn: false)), ("iomem", iomem),
      ], severity: .warning),
    RuleExample(
      "Gen1 from v6.0, VRAM in high MMIO, hv_pci built in and hyperv_drm a module: both kernels allocate alike",
      files: [
        ("paste.txt", paste(release: "6.8.0-1030-azure", pciHyperv: "y")),
        ("dmesg", dmesg(release: "6.8.0-1030-azure", hvPciBuiltIn: true)), ("iomem", iomem),
      ], severity: .info),
    RuleExample(
      "Gen1 before v6.0 (5.4.250), kexec_load, hv_pci built in: the kdump kernel reserves nothing and hv_pci goes first",
      files: [
        ("paste.txt", paste(release: "5.4.250", pciHyperv: "y")),
        ("dmesg", dmesg(release: "5.4.250", hvPciBuiltIn: true)), ("iomem", iomem),
      ], severity: .error),
  ]

  static let nonTriggering = [
    RuleExample(
      "a Gen2 VM (KD012 decides)",
      files: [
        ("paste.txt", paste(release: "6.8.0-1030-azure", pciHyperv: "m")),
        ("dmesg", KD012Examples.dmesg(release: "6.8.0-1030-azure", hvPciBuiltIn: false)),
      ])
  ]
}
