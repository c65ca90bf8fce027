import IomemParse

/// A kdump-kernel passthrough/VMBus claim overlaps the first kernel's live VRAM.
public struct KD001VRAMOverlap: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD001", name: "kdump-claim-overlaps-vram",
    conditions: [seen, inferred],
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
      Gen2: in the guest, a kdump kernel with 016a25e4b0df (v7.1; stable 6.12.y, 6.6.y, 6.1.y, \
      5.15.211+) reserves the framebuffer even when it is handed a zero base; on x86-64 with hyperv_drm, \
      loading it with kexec_file_load (`kexec -s`) passes the base on while the first kernel has not \
      moved the framebuffer. Gen1 with VRAM moved to high MMIO: no merged kernel change protects it; \
      on the Hyper-V host lower the resolution (`Set-VMVideo`) so the VRAM fits the 64 MiB BAR0, or \
      on Azure use a Gen2 VM. The finding names only the changes the kdump kernel lacks. Do not drop \
      hyperv_drm from the kdump initramfs: that leaves the live range unclaimed.
      """,
    triggering: KD001Examples.triggering, nonTriggering: KD001Examples.nonTriggering,
    references: [
      .change(.gen2ReservesLowMmioBase), .change(.gen1AlwaysReservesBar0),
      .change(.configWindowAbove4GProposal),
      .configWindowReview,
    ])

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
      var missing: [String] = []
      if vram.certainty == .inferred {
        missing.append("the first kernel's /proc/iomem read as root (shows where the VRAM is)")
      }
      if !allSeen {
        missing.append(
          "the kdump kernel's /proc/iomem or full console log (shows where hv_pci's windows went)")
      }
      let gen1 = f.generation == .gen1 || k.generation == .gen1
      let message = Finding.Message.kdumpClaimsOverVRAM(kdump: k, claims: hits, first: f, vram: vram)
        .followed(by: capture.kdumpCaveat(pair))
        .followed(
          by: Advice.assumptions(gen1 ? [.gen1AlwaysReservesBar0] : [.gen2ReservesLowMmioBase], in: k))
      return finding(
        allSeen && pair.kdumpProven ? Self.seen : Self.inferred, message: message,
        ranges: [vram.range] + hits.map(\.range),
        evidence: hits.flatMap { k.evidence($0, "kdump kernel's \($0.kind.rawValue.replacingUnderscores)") }
          + f.evidence(vram, "first kernel's VRAM"),
        remediation: remediation(gen1: gen1, first: f, kdump: k, platform: capture.platform), missing: missing
      )
    }
  }
}

extension KD001VRAMOverlap {
  static let seen = RuleCondition(
    "seen", .error,
    "a line shows both the first kernel's VRAM and the kdump kernel's overlapping claim, and the kdump kernel's role is proven"
  )
  static let inferred = RuleCondition(
    "inferred", .warning, "the overlap rests on an inferred claim or on a kdump role the input does not prove"
  )

  /// Only what helps on this generation and names only what the kdump kernel lacks: on Gen1 with
  /// VRAM in high MMIO no kernel change does.
  func remediation(gen1: Bool, first f: BootGraph, kdump k: BootGraph, platform: Platform) -> String {
    var parts: [String] = []
    if gen1 {
      parts.append(
        "On Gen1 BAR0 always reports 4G-128MB, so no merged kernel change protects VRAM that moved to high MMIO."
      )
      parts.append(Advice.lowerResolution)
      parts.append(Advice.builtInHvPci(first: f, kdump: k))
    } else {
      if let update = Advice.kernelUpdate([.gen2ReservesLowMmioBase], for: k) {
        parts.append(update)
      } else {
        parts.append(
          "The kdump kernel carries 016a25e4b0df, yet its reservation did not cover the VRAM: the VRAM is larger than the reservation or lies elsewhere. \(Advice.lowerResolution)"
        )
      }
      if let kexec = Advice.kexecFileLoad(platform, first: f) { parts.append(kexec) }
      parts.append(
        "The proposal \"PCI: hv: Allocate MMIO from above 4GB for the config window\" would move hv_pci's config window out of low MMIO, but it is not known to be merged."
      )
    }
    parts.append(Advice.keepVideoDriver)
    return parts.joined(separator: " ")
  }
}

extension String {
  var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}

extension Finding.Message {
  /// `The kdump kernel (…) put hv_pci bus window 8 MiB at … of …, sharing … — over the VRAM …`.
  fileprivate static func kdumpClaimsOverVRAM(
    kdump k: BootGraph, claims: [ResourceClaim], first f: BootGraph, vram: ResourceClaim
  ) -> Finding.Message {
    let described = claims.map { claim in
      let shared = vram.range.intersection(claim.range)!
      let how = claim.certainty == .inferred ? " (inferred)" : ""
      return
        "\(claim.kind.rawValue.replacingUnderscores) \(claim.range.sizeFirst)\(how) of \(claim.owner), sharing \(shared.sizeFirst)"
    }
    return Finding.Message(
      "\(k.label) put " + described.joined(separator: "; ")
        + " — over the VRAM \(f.label) was using, \(vram.range.sizeFirst). The host still maps that VRAM for the first kernel's video device."
    )
  }
}
