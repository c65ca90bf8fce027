import IomemParse

/// A non-framebuffer VMBus/PCI claim sits inside the framebuffer range of the same kernel.
public struct KD008ClaimInsideFramebuffer: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD008", name: "claim-inside-framebuffer", severity: .error,
    summary:
      "A non-framebuffer VMBus or PCI claim sits inside the framebuffer range (Gen1: inside 0000:00:08.0's BAR).",
    explanation: """
      Before "Drivers: hv: Never allocate anything besides framebuffer from framebuffer memory
      region" (Vitaly Kuznetsov, 2022, v6.0 era), vmbus_allocate_mmio() could give hv_pci's config
      window the lowest free address inside the framebuffer range when hv_pci loaded before the video
      driver: on Gen1, inside the legacy video device's BAR0. The video driver then cannot reserve
      its BAR (`BAR 0: can't reserve`, `Cannot request framebuffer, boot fb still active?`), and the
      same placement in a kdump kernel collides with the live framebuffer.
      """,
    remediation: """
      Use a kernel with "Drivers: hv: Never allocate anything besides framebuffer from framebuffer \
      memory region" (v6.0 and stable backports). Until then, load hyperv_drm/hyperv_fb before hv_pci \
      (or build it in) so the framebuffer is claimed first.
      """,
    triggering: KD008Examples.triggering, nonTriggering: KD008Examples.nonTriggering)

  public func check(_ capture: Capture) -> [Finding] {
    var findings: [Finding] = []
    for g in capture.graphs {
      let framebuffers = g.claims.filter {
        ($0.kind == .gen1FramebufferBar || $0.kind == .framebufferReservation)
          && $0.reasoning?.hasPrefix("out-of-tree") != true
      }
      var reported = Set<String>()
      for claim in g.claims where claim.kind.isPassthroughClaim && claim.certainty == .seen {
        if let guid = claim.owner.guid, g.videoGUIDs.contains(guid) { continue }
        guard let fb = framebuffers.first(where: { $0.range.overlaps(claim.range) }) else { continue }
        let key = claim.owner.guid ?? claim.owner.pciAddress ?? claim.range.hex
        guard reported.insert(key).inserted else { continue }
        let consequences = g.events.filter {
          switch $0.kind {
          case .framebufferFailure: true
          case .pciBar(_, _, _, let action, _): action == .cantReserve
          default: false
          }
        }
        var message =
          "In \(g.label), \(claim.kind.rawValue.replacingUnderscores) \(claim.range.sizeFirst) (\(claim.owner)) lies inside the framebuffer range \(fb.range.sizeFirst)"
        message += consequences.isEmpty ? "." : "; the video driver then could not claim its framebuffer."
        findings.append(
          Finding(
            rule: Self.description.id, severity: cap(.error, inferred: fb.certainty == .inferred),
            message: message,
            ranges: [claim.range, fb.range],
            evidence: g.evidence(claim, "non-framebuffer claim") + g.evidence(fb, "framebuffer range")
              + consequences.map { g.evidence($0.provenance, "consequence") },
            remediation: Self.description.remediation))
      }
    }
    return findings
  }
}
