enum KD007Examples {
  static let triggering = [
    RuleExample(
      "hv_pci cannot get its 32-bit bridge window",
      files: [
        (
          "dmesg",
          """
          ↓[    3.100000] hv_pci bb8c4f33-2ba2-4b53-9d7a-6f3e3a9d1c10: Need 0x8000000 of low MMIO space. Consider reconfiguring the VM.
          [    3.200000] pci 2ba2:00:02.0: BAR 0: no space for [mem size 0x08000000]
          """
        )
      ], severity: .error),
    RuleExample(
      "a confidential VM (1 GiB of low MMIO by configuration) runs out of low MMIO",
      files: [
        (
          "dmesg",
          """
          [    0.000000] Hyper-V: Isolation Config: Group A 0x1, Group B 0xba2
          ↓[    3.100000] hv_pci bb8c4f33-2ba2-4b53-9d7a-6f3e3a9d1c10: Need 0x8000000 of low MMIO space. Consider reconfiguring the VM.
          """
        )
      ], severity: .error),
  ]

  static let nonTriggering = [
    RuleExample(
      "BARs assigned",
      files: [
        ("dmesg", "[    3.200000] pci 2ba2:00:02.0: BAR 0 [mem 0xfe0000000-0xfe07fffff 64bit pref]: assigned")
      ])
  ]
}
