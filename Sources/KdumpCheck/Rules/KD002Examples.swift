enum KD002Examples {
  static func serial(firstFB: String, kdumpFB: String) -> String {
    """
    [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M
    ↓[    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=\(firstFB)
    [  100.000000] Kernel panic - not syncing: sysrq triggered crash
    [    0.000000] Command line: elfcorehdr=0xd6000000 ro reset_devices
    [    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=\(kdumpFB)
    """
  }

  static let iomem = """
    f8000000-fffbffff : PCI Bus 0000:00
      f8000000-fbffffff : 0000:00:08.0
    fe0000000-fffffffff : PCI Bus 0000:00
      fe0000000-fe7ffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
    """

  /// Which of the kdump kernel's lines a `gen1` console marks `↓` (see `RuleExample`).
  enum Marking {
    case none, kdumpBAR, kdumpCommandLine
  }

  /// A Gen1 console whose kernels print the legacy video device's BAR0 but no `hv_mmio=` line.
  static func gen1(release: String, driver: String, marking: Marking = .none) -> String {
    func kernel(markBAR: Bool) -> String {
      """
      [    0.000000] Linux version \(release) (builder@host) #1 SMP
      [    0.000000] DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018
      [    0.000000] Hypervisor detected: Microsoft Hyper-V
      [    0.400000] pci 0000:00:08.0: [1414:5353] type 00 class 0x030000
      \(markBAR ? RuleExample.marker : "")[    0.400000] pci 0000:00:08.0: reg 0x10: [mem 0xf8000000-0xfbffffff]
      """
    }
    return """
      \(kernel(markBAR: false))
      [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M
      [    3.000000] hv_vmbus: registering driver \(driver)
      [  100.000000] Kernel panic - not syncing: sysrq triggered crash
      \(kernel(markBAR: marking == .kdumpBAR))
      \(marking == .kdumpCommandLine ? RuleExample.marker : "")[    0.000000] Command line: elfcorehdr=0xd6000000 ro reset_devices
      """
  }

  static let triggering = [
    RuleExample(
      "Gen1 kernel from v6.0 (2a8a8afba0c3): the kdump kernel reserves the stale BAR0",
      files: [
        ("iomem", iomem), ("serial.log", gen1(release: "6.1.90", driver: "hyperv_drm", marking: .kdumpBAR)),
      ],
      severity: .error),
    RuleExample(
      "Gen1: VRAM moved to high MMIO, the kdump kernel reserves BAR0 at 4G-128MB",
      files: [
        ("iomem", iomem),
        (
          "serial.log", serial(firstFB: "[mem 0xf8000000-0xfbffffff]", kdumpFB: "[mem 0xf8000000-0xfbffffff]")
        ),
      ], severity: .error),
    RuleExample(
      "the seed's shape: the later boot's reservation only from out-of-tree lines, role unproven",
      files: [
        (
          "paste.txt",
          """
          [ 11.492075] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]
          [ 28.631923] hyperv_connect_vsp: hyperv_drm: mmio_megabytes=128 MB
          # cat /proc/iomem
          f8000000-fffbffff : PCI Bus 0000:00
          f8000000-fbffffff : 0000:00:08.0
          fe0000000-fffffffff : PCI Bus 0000:00
          fe0000000-fe7ffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
          ↓[ 12.506159] Gen1 VM: start=0xf8000000, size=0x4000000
          """
        )
      ], severity: .warning),
  ]

  static let nonTriggering = [
    RuleExample(
      "Gen1 kernel before v6.0: no BAR0 reservation to be stale (it reserves from screen_info; see KD003)",
      files: [("iomem", iomem), ("serial.log", gen1(release: "5.4.250", driver: "hyperv_fb"))]),
    RuleExample(
      "VRAM inside the reservation both kernels make",
      files: [
        (
          "iomem",
          """
          f8000000-fffbffff : PCI Bus 0000:00
            f8000000-fbffffff : 0000:00:08.0
              f8000000-f87fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
          """
        ),
        (
          "serial.log", serial(firstFB: "[mem 0xf8000000-0xfbffffff]", kdumpFB: "[mem 0xf8000000-0xfbffffff]")
        ),
      ]),
  ]
}
