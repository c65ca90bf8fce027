enum KD002Examples {
  static func serial(firstFB: String, kdumpFB: String) -> String {
    """
    [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M
    [    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=\(firstFB)
    [  100.000000] Kernel panic - not syncing: sysrq triggered crash
    [    0.000000] Command line: elfcorehdr=0xd6000000 ro reset_devices
    [    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=\(kdumpFB)
    """
  }

  static let iomem = """
    f8000000-fffbffff : PCI Bus 0000:00
      f8000000-fbffffff : 0000:00:08.0
    fe0000000-fffffffff : PCI Bus 0000:00
      fe0000000-fe7ffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
    """

  static let triggering = [
    RuleExample(
      "Gen1: VRAM moved to high MMIO, the kdump kernel reserves BAR0 at 4G-128MB",
      files: [
        ("iomem", iomem),
        (
          "serial.log", serial(firstFB: "[mem 0xf8000000-0xfbffffff]", kdumpFB: "[mem 0xf8000000-0xfbffffff]")
        ),
      ], severity: .error),
    RuleExample(
      "the seed's shape: the later boot's reservation only from out-of-tree lines, role unproven",
      files: [
        (
          "paste.txt",
          """
          [ 11.492075] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]
          [ 28.631923] hyperv_connect_vsp: hyperv_drm: mmio_megabytes=128 MB
          # cat /proc/iomem
          f8000000-fffbffff : PCI Bus 0000:00
          f8000000-fbffffff : 0000:00:08.0
          fe0000000-fffffffff : PCI Bus 0000:00
          fe0000000-fe7ffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
          [ 12.506159] Gen1 VM: start=0xf8000000, size=0x4000000
          """
        )
      ], severity: .warning),
  ]

  static let nonTriggering = [
    RuleExample(
      "VRAM inside the reservation both kernels make",
      files: [
        (
          "iomem",
          """
          f8000000-fffbffff : PCI Bus 0000:00
            f8000000-fbffffff : 0000:00:08.0
              f8000000-f87fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
          """
        ),
        (
          "serial.log", serial(firstFB: "[mem 0xf8000000-0xfbffffff]", kdumpFB: "[mem 0xf8000000-0xfbffffff]")
        ),
      ])
  ]
}
