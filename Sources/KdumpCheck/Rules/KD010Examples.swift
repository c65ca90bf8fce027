enum KD010Examples {
  static let triggering = [
    RuleExample(
      "overlapping siblings",
      files: [
        (
          "iomem",
          """
          f8000000-fffbffff : PCI Bus 0000:00
            f8000000-fbffffff : 0000:00:08.0
            ↓fb000000-fb001fff : 0000:00:09.0
          """
        )
      ], severity: .warning),
    RuleExample(
      "the log and /proc/iomem disagree about the crash kernel region",
      files: [
        (
          "dmesg", "↓[    0.000000] Reserving 512MB of memory at 3440MB for crashkernel (System RAM: 20479MB)"
        ),
        ("iomem", "00100000-f7feffff : System RAM\n  c7000000-e6ffffff : Crash kernel"),
      ], severity: .warning),
  ]

  static let nonTriggering = [
    RuleExample(
      "a well-formed tree",
      files: [("iomem", "f8000000-fffbffff : PCI Bus 0000:00\n  f8000000-fbffffff : 0000:00:08.0")])
  ]
}
