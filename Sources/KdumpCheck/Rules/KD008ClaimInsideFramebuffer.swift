import IomemParse

/// A non-framebuffer VMBus/PCI claim sits inside the framebuffer range of the same kernel.
public struct KD008ClaimInsideFramebuffer: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD008", name: "claim-inside-framebuffer", conditions: [seen, inferred],
    summary:
      "A non-framebuffer VMBus or PCI claim sits inside the framebuffer range (Gen1: inside 0000:00:08.0's BAR).",
    explanation: """
      Before f0880e2cb7e1 "Drivers: hv: Never allocate anything besides framebuffer from framebuffer
      memory region" (v6.0; stable 4.14.y and later, 2022), vmbus_allocate_mmio() could give hv_pci's
      config window the lowest free address inside the framebuffer range when hv_pci loaded before
      the video driver: on Gen1, inside the legacy video device's BAR0. The fix skips `fb_mmio` only
      where it is set, and a Gen1 kernel sets it from BAR0 only with 2a8a8afba0c3 (v6.0, no stable
      backport): Gen1 needs both. The video driver then cannot reserve
      its BAR (`BAR 0: can't reserve`, `Cannot request framebuffer, boot fb still active?`), and the
      same placement in a kdump kernel collides with the live framebuffer.
      """,
    remediation: """
      In the guest, use a kernel with f0880e2cb7e1 and, on Gen1, also 2a8a8afba0c3 (both v6.0); the \
      finding names the ones the kernel lacks. Until then, load hyperv_drm/hyperv_fb before hv_pci (or \
      build it in) so the framebuffer is claimed first.
      """,
    triggering: KD008Examples.triggering, nonTriggering: KD008Examples.nonTriggering,
    references: [
      .change(.nothingElseInFramebuffer), .change(.gen1AlwaysReservesBar0), .change(.hypervDrmVramOutsideBar),
    ])

  public func check(_ capture: Capture) -> [Finding] {
    var findings: [Finding] = []
    for g in capture.graphs {
      // Each range once, at its first claim: the first overlapping claim is the same, and a
      // log that repeats its framebuffer line costs no scan per repeat.
      var ranges = Set<AddressRange>()
      let framebuffers = g.claims.filter {
        ($0.kind == .gen1FramebufferBar || $0.kind == .framebufferReservation)
          && $0.reasoning?.hasPrefix("out-of-tree") != true && ranges.insert($0.range).inserted
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
        let needed: [KernelChange.ID] =
          g.generation == .gen2
          ? [.nothingElseInFramebuffer] : [.nothingElseInFramebuffer, .gen1AlwaysReservesBar0]
        var advice = Advice.kernelUpdate(needed, for: g, role: "kernel") ?? ""
        advice +=
          (advice.isEmpty ? "" : " ")
          + "Until then, in the guest, load hyperv_drm/hyperv_fb before hv_pci (or build it in) so the framebuffer is claimed first."
        findings.append(
          finding(
            fb.certainty == .inferred ? Self.inferred : Self.seen,
            message: .claimInsideFramebuffer(
              kernel: g, claim: claim, framebuffer: fb, videoDriverFailed: !consequences.isEmpty
            ).followed(by: Advice.assumptions(needed, in: g)),
            ranges: [claim.range, fb.range],
            evidence: g.evidence(claim, "non-framebuffer claim") + g.evidence(fb, "framebuffer range")
              + consequences.map { g.evidence($0.provenance, "consequence") },
            remediation: advice))
      }
    }
    return findings
  }
}

extension KD008ClaimInsideFramebuffer {
  static let seen = RuleCondition(
    "seen", .error, "a seen hv_pci or VMBus claim lies inside a framebuffer range a line shows")
  static let inferred = RuleCondition(
    "inferred", .warning, "the claim lies inside an inferred framebuffer reservation")
}

extension Finding.Message {
  /// `In the first kernel (…), hv_pci config window 8 KiB at … lies inside the framebuffer range …`.
  fileprivate static func claimInsideFramebuffer(
    kernel g: BootGraph, claim: ResourceClaim, framebuffer fb: ResourceClaim, videoDriverFailed: Bool
  ) -> Finding.Message {
    Finding.Message(
      "In \(g.label), \(claim.kind.rawValue.replacingUnderscores) \(claim.range.sizeFirst) (\(claim.owner)) lies inside the framebuffer range \(fb.range.sizeFirst)"
        + (videoDriverFailed ? "; the video driver then could not claim its framebuffer." : "."))
  }
}
