enum KD004Examples {
  static let guid = "c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d"

  static func kdump(_ lines: String, release: String = "6.8.0-1030-azure") -> String {
    """
    [    0.000000] Linux version \(release) (buildd@lcy02) #35-Ubuntu SMP
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
            ↓[    2.201233] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048
            [    2.201240] hv_pci \(guid): Retrying D0 Entry
            [    2.233102] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048
            [    2.233190] hv_vmbus: probe failed for device \(guid) (-71)
            """)
        )
      ], severity: .error),
    RuleExample(
      "v5.8 order (and again after the June 2023 revert): `Retrying D0 Entry` first, then the retry's status",
      files: [
        (
          "kexec-dmesg.log",
          kdump(
            """
            ↓[    2.201240] hv_pci \(guid): Retrying D0 Entry
            [    2.233102] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048
            """)
        )
      ], severity: .error),
    RuleExample(
      "the retry fails with another status: a D0 failure, not read as an MMIO conflict",
      files: [
        (
          "kexec-dmesg.log",
          kdump(
            """
            ↓[    2.201233] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0000184
            [    2.201240] hv_pci \(guid): Retrying D0 Entry
            [    2.233102] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0000184
            """)
        )
      ], severity: .warning),
    RuleExample(
      "`Retrying D0 failed with ret`: hv_pci_bus_exit() could not release the first kernel's state",
      files: [
        (
          "kexec-dmesg.log",
          kdump(
            """
            ↓[    2.201233] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0000184
            [    2.201240] hv_pci \(guid): Retrying D0 Entry
            [    2.201290] hv_pci \(guid): Retrying D0 failed with ret -110
            """)
        )
      ], severity: .warning),
    RuleExample(
      "a kernel before v5.4 takes the PCI domain from GUID bytes 8-9: the NVMe controller is found in 9d2a",
      files: [
        (
          "kexec-dmesg.log",
          kdump(
            """
            ↓[    2.201233] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048
            [    2.240000] pci 9d2a:00:00.0: [1414:b111] type 00 class 0x010802
            """, release: "4.19.112")
        )
      ], severity: .error),
    RuleExample(
      "a domain collision line moves the device to another domain: the NVMe controller is found in 6f3f",
      files: [
        (
          "kexec-dmesg.log",
          kdump(
            """
            [    2.100000] hv_pci \(guid): PCI dom# 0x6f3e has collision, using 0x6f3f
            ↓[    2.201240] hv_pci \(guid): Retrying D0 Entry
            [    2.233102] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048
            [    2.240000] pci 6f3f:00:00.0: [1414:b111] type 00 class 0x010802
            """)
        )
      ], severity: .error),
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
      ]),
    RuleExample(
      "v5.8 order: `Retrying D0 Entry` and no status after it: the retry succeeded",
      files: [
        (
          "kexec-dmesg.log",
          kdump(
            """
            [    2.201240] hv_pci \(guid): Retrying D0 Entry
            [    2.331882] hv_pci \(guid): PCI host bridge to bus 6f3e:00
            """)
        )
      ]),
  ]
}
