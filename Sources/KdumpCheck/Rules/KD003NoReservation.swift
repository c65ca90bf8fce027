import IomemParse

/// The kdump kernel reserves no framebuffer range at all.
public struct KD003NoReservation: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD003", name: "kdump-reserves-no-framebuffer", severity: .error,
    summary: "The kdump kernel reserves no framebuffer range (zero firmware framebuffer base).",
    explanation: """
      On Gen2, vmbus_reserve_fb() reserves from the firmware framebuffer base (screen_info). After
      kexec that base is zero when kexec-tools used kexec_load() (the default on some distributions),
      on arm64 with either syscall, and whenever hyperv_fb cleared screen_info after moving the
      framebuffer. Before 016a25e4b0df (2026) vmbus then reserved nothing, silently; after it, it
      falls back to the low MMIO base and prints `hv_mmio=… fb=…`, or prints `Unexpected framebuffer
      mmio base of zero` / `fb=(null)` when it cannot. With nothing reserved, hv_pci's config window
      takes the low MMIO base — where the first kernel's VRAM usually is on Gen2.
      """,
    remediation: """
      In the guest, use a kdump kernel with "Drivers: hv: vmbus: Improve the logic of reserving fb_mmio \
      on Gen2 VMs" (016a25e4b0df; first in v7.1, backported to 6.12.y, 6.6.y, 6.1.y and 5.15.211+) (the proposal "PCI: hv: Allocate MMIO from above 4GB for the config window" would also move hv_pci's config window out of low MMIO, but it is not known to be merged). On x86-64 with hyperv_drm, loading the kdump kernel with kexec_file_load \
      (`kexec -s`, or KDUMP_FILE_LOAD / kdump-tools' file-load option) passes the framebuffer base on; \
      it does not help with hyperv_fb, which clears it, nor on arm64.
      """,
    triggering: KD003Examples.triggering, nonTriggering: KD003Examples.nonTriggering)

  public func check(_ capture: Capture) -> [Finding] {
    capture.pairs.compactMap { pair in
      let f = capture.graphs[pair.first]
      let k = capture.graphs[pair.kdump]
      guard let unreserved = k.framebufferUnreserved, !f.isConfidential || f.vram != nil else { return nil }
      let hadFramebuffer = f.vram != nil || !f.claims(.firmwareFramebuffer).isEmpty || f.videoDriver != nil
      guard hadFramebuffer else { return nil }
      var message = "\(k.label) reserves no framebuffer range: \(unreserved.reasoning)."
      if let vram = f.vram {
        message +=
          " \(f.label) had its VRAM at \(vram.range.sizeFirst), which the host still maps; nothing keeps the kdump kernel's allocations off it."
      }
      if let caveat = capture.kdumpCaveat(pair) { message += " " + caveat }
      var evidence = unreserved.evidence.map {
        k.evidence($0, unreserved.certainty == .inferred ? "inferred: no reservation" : "no reservation")
      }
      if let vram = f.vram { evidence += f.evidence(vram, "first kernel's VRAM") }
      let inferred = unreserved.certainty == .inferred
      return Finding(
        rule: Self.description.id, severity: cap(.error, inferred: inferred, proven: pair.kdumpProven),
        message: message, ranges: f.vram.map { [$0.range] } ?? [], evidence: evidence,
        remediation: Self.description.remediation,
        missing: inferred
          ? [
            "the kdump kernel's /proc/iomem, or a kdump kernel with 016a25e4b0df, whose `hv_mmio=… fb=` line shows the reservation"
          ] : [])
    }
  }
}
