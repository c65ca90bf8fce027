import IomemParse

/// A kdump-kernel passthrough/VMBus claim overlaps the first kernel's live VRAM.
public struct KD001VRAMOverlap: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD001", name: "kdump-claim-overlaps-vram", severity: .error,
    summary: "A kdump-kernel MMIO claim overlaps the framebuffer VRAM the first kernel was using.",
    explanation: """
      hyperv_drm/hyperv_fb tell the host where their VRAM is (SYNTHVID_VRAM_LOCATION), and the host
      keeps mapping it there across kexec. The kdump kernel does not know: if its framebuffer
      reservation does not cover that range, vmbus_allocate_mmio() hands the lowest free address —
      often exactly where the VRAM began — to hv_pci's config window or bus windows. The host
      refuses (`PCI Pass-through VSP failed D0 Entry with status c0370048`) or the device misbehaves,
      and a root disk on NVMe behind hv_pci means no dump.
      """,
    remediation: """
      In the guest, use a kernel with "Drivers: hv: vmbus: Improve the logic of reserving fb_mmio on \
      Gen2 VMs" (016a25e4b0df; first in v7.1, backported to 6.12.y, 6.6.y, 6.1.y and 5.15.211+) (the proposal "PCI: hv: Allocate MMIO from above 4GB for the config window" would also move hv_pci's config window out of low MMIO, but it is not known to be merged). On Gen1 with VRAM moved to high MMIO neither helps: lower the resolution \
      (`Set-VMVideo`) so VRAM fits the 64 MiB BAR0, or build hv_pci in so both kernels allocate in the \
      same order. Do not drop hyperv_drm from the kdump initramfs: that leaves the live range unclaimed.
      """,
    triggering: KD001Examples.triggering, nonTriggering: KD001Examples.nonTriggering)

  public func check(_ capture: Capture) -> [Finding] {
    capture.pairs.compactMap { pair in
      let f = capture.graphs[pair.first]
      let k = capture.graphs[pair.kdump]
      guard let vram = f.vram else { return nil }
      let hits = k.claims.filter { claim in
        claim.kind.isPassthroughClaim && vram.range.overlaps(claim.range)
          && !(claim.owner.guid.map { f.videoGUIDs.contains($0) } ?? false)
      }
      guard !hits.isEmpty else { return nil }
      let allSeen = vram.certainty == .seen && hits.contains { $0.certainty == .seen }
      let described = hits.map { claim in
        let shared = vram.range.intersection(claim.range)!
        let how = claim.certainty == .inferred ? " (inferred)" : ""
        return
          "\(claim.kind.rawValue.replacingUnderscores) \(claim.range.sizeFirst)\(how) of \(claim.owner), sharing \(shared.sizeFirst)"
      }
      var message =
        "\(k.label) put " + described.joined(separator: "; ")
        + " — over the VRAM \(f.label) was using, \(vram.range.sizeFirst). The host still maps that VRAM for the first kernel's video device."
      if let caveat = capture.kdumpCaveat(pair) { message += " " + caveat }
      var missing: [String] = []
      if vram.certainty == .inferred {
        missing.append("the first kernel's /proc/iomem read as root (shows where the VRAM is)")
      }
      if !allSeen {
        missing.append(
          "the kdump kernel's /proc/iomem or full console log (shows where hv_pci's windows went)")
      }
      return Finding(
        rule: Self.description.id, severity: cap(.error, inferred: !allSeen, proven: pair.kdumpProven),
        message: message,
        ranges: [vram.range] + hits.map(\.range),
        evidence: hits.flatMap { k.evidence($0, "kdump kernel's \($0.kind.rawValue.replacingUnderscores)") }
          + f.evidence(vram, "first kernel's VRAM"),
        remediation: remediation(gen1: f.generation == .gen1 || k.generation == .gen1), missing: missing)
    }
  }
}

extension KD001VRAMOverlap {
  /// Only what helps on this generation: on Gen1 with VRAM in high MMIO no kernel fix does.
  func remediation(gen1: Bool) -> String {
    gen1
      ? """
      On Gen1 BAR0 always reports 4G-128MB, so no kernel fix protects VRAM that moved to high MMIO. \
      Lower the resolution (`Set-VMVideo`) so the VRAM fits the 64 MiB BAR0, or build hv_pci in \
      (CONFIG_PCI_HYPERV=y) so both kernels allocate in the same order. Do not drop hyperv_drm from the \
      kdump initramfs: that leaves the live range unclaimed.
      """
      : """
      In the guest, use a kdump kernel with "Drivers: hv: vmbus: Improve the logic of reserving \
      fb_mmio on Gen2 VMs" (016a25e4b0df; first in v7.1, backported to 6.12.y, 6.6.y, 6.1.y and 5.15.211+) (the proposal "PCI: hv: Allocate MMIO from above 4GB for the config window" would also move hv_pci's config window out of low MMIO, but it is not known to be merged); on x86-64 with hyperv_drm, load it with kexec_file_load (`kexec -s`) so it keeps \
      the framebuffer base. Do not drop hyperv_drm from the kdump initramfs: that leaves the live range \
      unclaimed.
      """
  }
}

extension String {
  var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
