enum KD006Examples {
  static func log(fbSize: Int) -> String {
    """
    [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M
    ↓[    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]
    [    2.000000] hyperv_fb: Screen resolution: 7680x4320, Color depth: 32, Frame buffer size: \(fbSize)
    """
  }

  static let triggering = [
    RuleExample(
      "128 MiB of VRAM for a 64 MiB reservation", files: [("dmesg", log(fbSize: 134_217_728))],
      severity: .note)
  ]

  static let nonTriggering = [
    RuleExample("8 MiB of VRAM fits", files: [("dmesg", log(fbSize: 8_388_608))])
  ]
}
