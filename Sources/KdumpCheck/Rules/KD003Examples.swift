enum KD003Examples {
  static func console(kdumpVmbusLine: String, release: String? = nil) -> String {
    let banner = release.map { "[    0.000000] Linux version \($0) (buildd@lcy02) #35-Ubuntu SMP\n" } ?? ""
    return """
      \(banner)[    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M
      [    0.000000] efi: EFI v2.70 by Microsoft
      ↓[    0.500000] efifb: framebuffer at 0x40000000, using 3072k, total 3072k
      [    2.000000] hyperv_drm 5620e0c7-8062-4dce-aeb7-520c7ef76171: [drm] Synthvid Version major 3, minor 5
      [  100.000000] sysrq: Trigger a crash
      \(banner)[    0.000000] Command line: elfcorehdr=0x3d000000 ro reset_devices
      [    0.000000] efi: EFI v2.70 by Microsoft
      \(kdumpVmbusLine)
      """
  }

  static let triggering = [
    RuleExample(
      "Gen2 kdump kernel with 016a25e4b0df that still found nothing to reserve",
      files: [
        (
          "serial.log",
          console(kdumpVmbusLine: "↓[    1.000000] hv_vmbus: Unexpected framebuffer mmio base of zero")
        )
      ],
      severity: .error),
    RuleExample(
      "Gen2 kdump kernel of unknown version: no efifb line, no hv_mmio line",
      files: [("serial.log", console(kdumpVmbusLine: "[    1.000000] hv_vmbus: Vmbus version:5.3"))],
      severity: .warning),
    RuleExample(
      "Gen2 kdump kernel built without CONFIG_FB_EFI (5.15.0-1102-azure): no framebuffer line is not proof of a zero base",
      files: [
        (
          "serial.log",
          console(kdumpVmbusLine: "[    1.000000] hv_vmbus: Vmbus version:5.3", release: "5.15.0-1102-azure")
        )
      ],
      severity: .warning),
    RuleExample(
      "Gen1 kernel before v6.0 (no 2a8a8afba0c3): the kdump kernel reserves from screen_info, zero after kexec_load",
      files: [
        ("iomem", KD002Examples.iomem),
        (
          "serial.log",
          KD002Examples.gen1(release: "5.4.250", driver: "hyperv_fb", marking: .kdumpCommandLine)
        ),
      ],
      severity: .warning),
  ]

  static let nonTriggering = [
    RuleExample(
      "the fixed kdump kernel falls back to the low MMIO base",
      files: [
        (
          "serial.log",
          console(
            kdumpVmbusLine:
              "[    1.000000] hv_vmbus: hv_mmio=[mem 0x40000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0x40000000-0x47ffffff]"
          )
        )
      ]),
    RuleExample(
      "Gen2 kdump kernel without CONFIG_FB_EFI whose simpledrm line shows a non-zero firmware framebuffer base",
      files: [
        (
          "serial.log",
          console(
            kdumpVmbusLine:
              "[    0.900000] [drm] Initialized simpledrm 1.0.0 20200625 for simple-framebuffer.0 on minor 0",
            release: "5.15.0-1102-azure")
        )
      ]),
  ]
}
