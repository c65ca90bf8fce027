enum KD008Examples {
  static func iomem(_ configWindow: String) -> String {
    """
    f8000000-fffbffff : PCI Bus 0000:00
      f8000000-fbffffff : 0000:00:08.0
    \(configWindow)
    """
  }

  static let triggering = [
    RuleExample(
      "Gen1: hv_pci's config window nested in 0000:00:08.0's BAR0",
      files: [("iomem", iomem("↓    f8000000-f8001fff : 3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70"))],
      severity: .error)
  ]

  static let nonTriggering = [
    RuleExample(
      "the config window sits after the BAR",
      files: [("iomem", iomem("  fc000000-fc001fff : 3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70"))]),
    RuleExample(
      "hyperv_fb's `Using MMIO instead` is an info line (VRAM stayed in MMIO), not a failure",
      files: [
        ("iomem", iomem("  fc000000-fc001fff : 3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70")),
        (
          "dmesg.log",
          """
          [    0.000000] DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018
          [    3.000000] hv_vmbus: registering driver hyperv_fb
          [    3.100000] hyperv_fb: Unable to allocate enough contiguous physical memory on Gen 1 VM. Using MMIO instead.
          """
        ),
      ]),
  ]
}
