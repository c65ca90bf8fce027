enum KD004Examples {
  static let guid = "c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d"

  static func kdump(_ lines: String) -> String {
    """
    [    0.000000] Command line: elfcorehdr=0x3d000000 ro reset_devices
    [    2.000000] hv_vmbus: registering driver hv_pci
    \(lines)
    """
  }

  static let triggering = [
    RuleExample(
      "c0370048 twice, then the probe fails",
      files: [
        (
          "kexec-dmesg.log",
          kdump(
            """
            [    2.201233] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048
            [    2.201240] hv_pci \(guid): Retrying D0 Entry
            [    2.233102] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048
            [    2.233190] hv_vmbus: probe failed for device \(guid) (-71)
            """)
        )
      ], severity: .error)
  ]

  static let nonTriggering = [
    RuleExample(
      "c0000184 then a successful retry: the normal kdump path",
      files: [
        (
          "kexec-dmesg.log",
          kdump(
            """
            [    2.201233] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0000184
            [    2.201240] hv_pci \(guid): Retrying D0 Entry
            [    2.331882] hv_pci \(guid): PCI host bridge to bus 6f3e:00
            """)
        )
      ])
  ]
}
