enum KD009Examples {
  static let triggering = [
    RuleExample(
      "no crashkernel= and no Crash kernel entry",
      files: [
        ("dmesg", "↓[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro console=ttyS0"),
        ("iomem", "00001000-0009ffff : System RAM\n00100000-3ffeffff : System RAM"),
      ], severity: .error),
    RuleExample(
      "the reservation failed",
      files: [
        (
          "dmesg",
          """
          [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=8G
          ↓[    0.000000] crashkernel reservation failed - No suitable area found.
          """
        )
      ], severity: .error),
  ]

  static let nonTriggering = [
    RuleExample(
      "crashkernel= and a Crash kernel entry",
      files: [
        ("dmesg", "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M"),
        ("iomem", "00100000-f7feffff : System RAM\n  d7000000-f6ffffff : Crash kernel"),
      ])
  ]
}
