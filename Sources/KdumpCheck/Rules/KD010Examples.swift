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
            fb000000-fb001fff : 0000:00:09.0
          """
        )
      ], severity: .warning)
  ]

  static let nonTriggering = [
    RuleExample(
      "a well-formed tree",
      files: [("iomem", "f8000000-fffbffff : PCI Bus 0000:00\n  f8000000-fbffffff : 0000:00:08.0")])
  ]
}
