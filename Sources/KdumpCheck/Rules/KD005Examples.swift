enum KD005Examples {
  static func console(first: [String], kdump: [String], kdumpLines: [String] = []) -> String {
    func registrations(_ drivers: [String], base: Int) -> String {
      // A driver named `↓hv_pci` marks its registration line.
      drivers.enumerated().map { i, d in
        let marked = d.hasPrefix(RuleExample.marker)
        let name = marked ? String(d.dropFirst(RuleExample.marker.count)) : d
        return (marked ? RuleExample.marker : "")
          + (name == "init"
            ? "[    \(base).\(i)00000] Run /init as init process"
            : "[    \(base).\(i)00000] hv_vmbus: registering driver \(name)")
      }.joined(separator: "\n")
    }
    return """
      [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M
      \(registrations(first, base: 2))
      [  100.000000] sysrq: Trigger a crash
      [    0.000000] Command line: elfcorehdr=0x3d000000 ro reset_devices
      \(kdumpLines.map { "[    1.000000] \($0)\n" }.joined())\(registrations(kdump, base: 2))
      """
  }

  /// A /proc/iomem with hyperv_drm's VRAM and hv_pci's config window in low MMIO.
  static func iomem(vram: String, configWindow: String, crashKernel: Bool) -> String {
    """
    00001000-0009ffff : System RAM
    00100000-3ffeffff : System RAM
    \(crashKernel ? "  2a000000-39ffffff : Crash kernel\n" : "")\(vram) : 5620e0c7-8062-4dce-aeb7-520c7ef76171
    ↓\(configWindow) : d1e2f3a4-7c55-4e21-9a0b-3c4d5e6f7a8b
    fed40000-fed44fff : MSFT0101:00
    """
  }

  static let triggering = [
    RuleExample(
      "the addresses of both kernels decide: hyperv_drm allocated first in the first kernel, hv_pci in the kdump kernel",
      files: [
        ("iomem", iomem(vram: "40000000-407fffff", configWindow: "40800000-40801fff", crashKernel: true)),
        (
          "iomem-kdump.txt",
          """
          00001000-0009ffff : System RAM
          2a000000-39f5ffff : System RAM
          40000000-40001fff : d1e2f3a4-7c55-4e21-9a0b-3c4d5e6f7a8b
          40100000-408fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
          fed40000-fed44fff : MSFT0101:00
          """
        ),
      ],
      severity: .warning),
    RuleExample(
      "both modules, hyperv_drm first in the first kernel and hv_pci first in kdump",
      files: [
        (
          "serial.log",
          console(first: ["init", "hyperv_drm", "hv_pci"], kdump: ["init", "↓hv_pci", "hyperv_drm"])
        )
      ],
      severity: .warning),
    RuleExample(
      "hv_pci built in, but no framebuffer reservation is known for the kdump kernel",
      files: [
        (
          "serial.log",
          console(first: ["hv_pci", "init", "hyperv_drm"], kdump: ["↓hv_pci", "init", "hyperv_drm"])
        )
      ],
      severity: .note),
    RuleExample(
      "hv_pci built in, and the kdump kernel's `hv_mmio=` line shows its reservation: deterministic",
      files: [
        (
          "serial.log",
          console(
            first: ["hv_pci", "init", "hyperv_drm"], kdump: ["↓hv_pci", "init", "hyperv_drm"],
            kdumpLines: [
              "hv_vmbus: hv_mmio=[mem 0xc0000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xc0000000-0xc7ffffff]"
            ])
        )
      ],
      severity: .info),
  ]

  static let nonTriggering = [
    RuleExample(
      "hyperv_drm built in, hv_pci a module: the same order every time",
      files: [
        (
          "serial.log",
          console(first: ["hyperv_drm", "init", "hv_pci"], kdump: ["hyperv_drm", "init", "hv_pci"])
        )
      ])
  ]
}
