enum KD001Examples {
  static let firstIomem = """
    f8000000-fffbffff : PCI Bus 0000:00
      f8000000-fbffffff : 0000:00:08.0
    fe0000000-fffffffff : PCI Bus 0000:00
      fe0000000-fe7ffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
    """

  static func console(kdumpWindow: String) -> String {
    """
    [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP
    [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro console=ttyS0 crashkernel=512M
    [    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]
    [    2.000000] hyperv_drm 5620e0c7-8062-4dce-aeb7-520c7ef76171: [drm] Synthvid Version major 3, minor 5
    [  100.000000] sysrq: Trigger a crash
    [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP
    [    0.000000] Command line: elfcorehdr=0xd6000000 BOOT_IMAGE=/vmlinuz ro reset_devices nr_cpus=1
    [    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]
    [    2.000000] hv_pci 7b1e3f0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b: PCI host bridge to bus 1c2d:00
    ↓[    2.000001] pci_bus 1c2d:00: root bus resource \(kdumpWindow)
    """
  }

  static let triggering = [
    RuleExample(
      "Gen1: the kdump kernel's hv_pci bus window lands on the first kernel's high-MMIO VRAM",
      files: [
        ("iomem", firstIomem), ("serial.log", console(kdumpWindow: "[mem 0xfe0000000-0xfe07fffff window]")),
      ],
      severity: .error)
  ]

  static let nonTriggering = [
    RuleExample(
      "the kdump kernel's bus window sits above the VRAM",
      files: [
        ("iomem", firstIomem), ("serial.log", console(kdumpWindow: "[mem 0xfe8000000-0xfe87fffff window]")),
      ])
  ]
}
