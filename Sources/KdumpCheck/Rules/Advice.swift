import IomemParse

/// Remediation sentences the rules share. Each says where it is carried out (guest, Hyper-V
/// host, Azure; DOMAIN.md §8) and names only the kernel changes the kernel in question lacks,
/// with how that is known.
enum Advice {
  /// `In the guest, use a kdump kernel with …` for every change of `ids` the kernel does not
  /// carry for certain; `nil` when it carries them all.
  static func kernelUpdate(_ ids: [KernelChange.ID], for g: BootGraph, role: String = "kdump kernel")
    -> String?
  {
    let needed = ids.map { g.changes[$0] }.filter { !$0.present }
    guard !needed.isEmpty else { return nil }
    let parts = needed.map { s in
      "\(KernelChange[s.change].citation) — \(s.absent ? "it lacks it" : "not known whether it has it"): \(s.reason)"
    }
    return
      "In the guest, use a \(role) with \(parts.joined(separator: "; and with ")). The kdump kernel is usually the installed kernel package itself (`kdump-config show` on Ubuntu/Debian, `kdumpctl status` on RHEL/Fedora name it)."
  }

  /// What the finding assumes about the kernel's changes, and how it knows: one sentence.
  static func assumptions(_ ids: [KernelChange.ID], in g: BootGraph) -> String {
    let parts = ids.map { id -> String in
      let s = g.changes[id]
      return "\(id.rawValue) \(s.presence.rawValue) (\(s.reason))"
    }
    return "Kernel changes assumed for \(g.label): \(parts.joined(separator: "; "))."
  }

  /// `kexec -s` (kexec_file_load) where it helps: x86-64 with hyperv_drm, or hyperv_fb from v6.14
  /// (304386373007), and only when the first kernel did not move the framebuffer; never on arm64.
  static func kexecFileLoad(_ platform: Platform, first f: BootGraph) -> String? {
    guard platform.architecture != .arm64 else { return nil }
    let driver = f.videoDriver?.driver
    if driver == "hyperv_fb", !f.changes[.hypervFbNoFramebufferMove].present { return nil }
    if let vram = f.vram, let fb = f.claims(.firmwareFramebuffer).first, vram.range.start != fb.range.start {
      return nil
    }
    let condition =
      switch driver {
      case "hyperv_drm": ""
      case "hyperv_fb":
        " (hyperv_fb here has 304386373007, so it keeps the framebuffer where the firmware put it)"
      default: " (only with hyperv_drm, or hyperv_fb from v6.14)"
      }
    let arch =
      platform.architecture == .x86_64 ? "" : " On x86-64 only; on arm64 neither kexec mode passes it."
    return
      "In the guest, load the kdump kernel with kexec_file_load so it keeps the firmware framebuffer base\(condition): `KDUMP_KEXEC_ARGS=\"-s\"` in /etc/default/kdump-tools on Ubuntu/Debian, or in the kdump configuration on RHEL/Fedora (/etc/sysconfig/kdump). It helps only while the first kernel has not moved the framebuffer.\(arch)"
  }

  /// A lower resolution so the VRAM fits the reservation: a host setting.
  static let lowerResolution =
    "On the Hyper-V host, lower the VM's resolution (`Set-VMVideo -VMName … -HorizontalResolution … -VerticalResolution … -ResolutionType Single`) so the VRAM fits the framebuffer reservation (on Gen1 BAR0 stays 64 MiB); this needs the host's administrator — on Azure, where the host is not yours, use a Gen2 VM instead."

  /// Built-in hv_pci: only where both kernels reserve the same BAR0 (Gen1 with 2a8a8afba0c3).
  static func builtInHvPci(first f: BootGraph, kdump k: BootGraph) -> String {
    let statuses = [f, k].map { $0.changes[.gen1AlwaysReservesBar0] }
    if statuses.allSatisfy(\.present) {
      return
        "In the guest's kernel build, building hv_pci in (CONFIG_PCI_HYPERV=y) with hyperv_drm a module makes both kernels allocate MMIO in the same order: both reserve the same BAR0 (2a8a8afba0c3)."
    }
    // Each kernel that may lack it is named with its reason; one reason both share is said once.
    let lacking = zip(["the first kernel", "the kdump kernel"], statuses).filter { !$0.1.present }
    let reasons =
      lacking.count == 2 && lacking[0].1.reason == lacking[1].1.reason
      ? "both kernels: \(lacking[0].1.reason)"
      : lacking.map { "\($0.0): \($0.1.reason)" }.joined(separator: "; ")
    return
      "Do not build hv_pci in as a fix here: unless both kernels carry 2a8a8afba0c3 (v6.0, no stable backport; \(reasons)) the kdump kernel may reserve nothing, and built-in hv_pci then allocates first and takes the live VRAM for certain."
  }

  /// Keeping the video driver out of the kdump initramfs is an old workaround that hurts.
  static let keepVideoDriver =
    "Do not drop hyperv_drm/hyperv_fb from the kdump initramfs: that leaves the range the host still maps unclaimed."
}
