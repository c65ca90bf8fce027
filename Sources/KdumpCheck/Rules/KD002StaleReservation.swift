import IomemParse

/// The kdump kernel reserves a framebuffer range that is not where the first kernel's VRAM is.
public struct KD002StaleReservation: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD002", name: "kdump-reserves-stale-framebuffer", conditions: [seen, inferred],
    summary: "The kdump kernel reserves a stale framebuffer range while the live VRAM is elsewhere.",
    explanation: """
      vmbus_reserve_fb() keeps a range free for the framebuffer: on Gen1 since 2a8a8afba0c3 (v6.0,
      no stable backport) the legacy video device's BAR0, which always reports 4G-128MB (0xf8000000)
      even after the first kernel moved the VRAM (Dexuan Cui, linux-hyperv, April 2026) — before it,
      Gen1 reserved from `screen_info` like Gen2; on Gen2 the firmware framebuffer base. When the first
      kernel's hyperv_drm/hyperv_fb put its VRAM elsewhere — high MMIO when it did not fit — the kdump
      kernel protects the old range, and the range the host really maps is free for any VMBus or
      hv_pci allocation.
      """,
    remediation: """
      Make the VRAM fit the reservation in the first kernel: on the Hyper-V host lower the resolution \
      with `Set-VMVideo` (on Gen1 BAR0 stays 64 MiB whatever `LowMemoryMappedIoSpace` is); on Azure, \
      where the host is not yours, use a Gen2 VM. On Gen2, in the guest, a kernel with 016a25e4b0df \
      reserves up to 128 MiB. On Gen1 with both kernels carrying 2a8a8afba0c3, building hv_pci in makes \
      both kernels allocate MMIO in the same order. No merged change covers Gen1 with VRAM in high MMIO \
      ("we can't really fix the MMIO conflict"). Keeping hyperv_drm out of the kdump initramfs does not \
      help: the live range stays unclaimed.
      """,
    triggering: KD002Examples.triggering, nonTriggering: KD002Examples.nonTriggering,
    references: [
      .change(.gen1AlwaysReservesBar0), .change(.gen2ReservesLowMmioBase),
      .configWindowReview,
    ])

  public func check(_ capture: Capture) -> [Finding] {
    capture.pairs.compactMap { pair in
      let f = capture.graphs[pair.first]
      let k = capture.graphs[pair.kdump]
      guard let vram = f.vram, let (reservation, assumed) = kdumpReservation(k),
        !reservation.range.contains(vram.range)
      else {
        return nil
      }
      let instrumentation =
        reservation.kind == .gen1FramebufferBar && reservation.reasoning?.hasPrefix("out-of-tree") == true
      let inferred =
        vram.certainty == .inferred || reservation.certainty == .inferred || instrumentation || assumed
      let message = Finding.Message.staleReservation(
        kdump: k, reservation: reservation, first: f, vram: vram, assumed: assumed,
        instrumentation: instrumentation
      ).followed(by: capture.kdumpCaveat(pair))
      var evidence = k.evidence(reservation, "kdump kernel's framebuffer reservation")
      evidence += f.evidence(vram, "first kernel's VRAM")
      if let r = f.framebufferReservation {
        evidence += f.evidence(r, "first kernel's framebuffer reservation")
      }
      if let size = f.vramBytes {
        evidence.append(
          f.evidence(
            size.provenance, size.outOfTree ? "VRAM size (out-of-tree instrumentation)" : "VRAM size"))
      }
      var missing: [String] = []
      if !pair.kdumpProven {
        missing.append("the later boot's console log from its start, showing `Command line: … elfcorehdr=…`")
      }
      if vram.certainty == .inferred { missing.append("the first kernel's /proc/iomem read as root") }
      if assumed { missing.append("the kdump kernel's `Linux version` banner, or a kernel at or above v6.0") }
      return finding(
        inferred || !pair.kdumpProven ? Self.inferred : Self.seen, message: message,
        ranges: [reservation.range, vram.range], evidence: evidence,
        remediation: remediation(first: f, kdump: k),
        missing: missing)
    }
  }

  /// What the kdump kernel keeps free: the `hv_mmio=… fb=` reservation; else, on Gen1 where it
  /// may carry 2a8a8afba0c3, the BAR0 it reserves from (a PCI line, or the seed's instrumentation;
  /// `assumed` when 2a8a8afba0c3 is unknown); else the inferred reservation.
  private func kdumpReservation(_ k: BootGraph) -> (ResourceClaim, assumed: Bool)? {
    if let seen = k.claims(.framebufferReservation).first(where: { $0.certainty == .seen }) {
      return (seen, false)
    }
    let bar0 = k.changes[.gen1AlwaysReservesBar0]
    if !bar0.absent, let bar = k.claims(.gen1FramebufferBar).first { return (bar, !bar0.present) }
    return k.framebufferReservation.map { ($0, false) }
  }

  private func remediation(first f: BootGraph, kdump k: BootGraph) -> String {
    var parts = [Advice.lowerResolution]
    if k.generation == .gen2, let update = Advice.kernelUpdate([.gen2ReservesLowMmioBase], for: k) {
      parts.append(update + " It reserves up to 128 MiB from the low MMIO base.")
    }
    if k.generation != .gen2 {
      parts.append(Advice.builtInHvPci(first: f, kdump: k))
      parts.append(
        "No merged kernel change covers Gen1 with VRAM in high MMIO (\"we can't really fix the MMIO conflict\")."
      )
    }
    parts.append(Advice.keepVideoDriver)
    return parts.joined(separator: " ")
  }
}

extension KD002StaleReservation {
  static let seen = RuleCondition(
    "seen", .error,
    "lines show the kdump kernel's reservation (or the Gen1 BAR0 of a kernel with 2a8a8afba0c3) and the first kernel's VRAM outside it, and the kdump kernel's role is proven"
  )
  static let inferred = RuleCondition(
    "inferred", .warning,
    "the reservation or the VRAM is inferred, 2a8a8afba0c3 is unknown, the reservation comes from an out-of-tree line, or the kdump role is unproven"
  )
}

extension Finding.Message {
  /// `The kdump kernel (…) reserves 64 MiB at 0xf8000000-… for the framebuffer — the Gen1 BAR0 … — but …`.
  fileprivate static func staleReservation(
    kdump k: BootGraph, reservation: ResourceClaim, first f: BootGraph, vram: ResourceClaim, assumed: Bool,
    instrumentation: Bool
  ) -> Finding.Message {
    var message = "\(k.label) reserves \(reservation.range.sizeFirst) for the framebuffer"
    if k.generation != .gen2 && reservation.range.start == 0xf800_0000 {
      message += " — the Gen1 BAR0, which always reports 4G-128MB —"
    }
    message += " but \(f.label) had its VRAM at \(vram.range.sizeFirst)"
    if let firstReservation = f.framebufferReservation, !firstReservation.range.contains(vram.range) {
      let size = f.vramBytes.map { ByteSize.human($0.bytes) } ?? ByteSize.human(vram.range.size)
      message +=
        ", because \(size) of VRAM did not fit its \(ByteSize.human(firstReservation.range.size)) reservation at \(firstReservation.range.hex)"
    }
    message +=
      ". The range the host still maps is unprotected in the kdump kernel: hv_pci or any VMBus device can be handed it."
    if assumed {
      message +=
        " Reserving the Gen1 BAR0 needs 2a8a8afba0c3, which is unknown for the kdump kernel (\(k.changes[.gen1AlwaysReservesBar0].reason)); without it the kernel reserves from screen_info — nothing after kexec_load — so the live VRAM is unprotected either way."
    } else {
      message +=
        " "
        + Advice.assumptions(
          k.generation == .gen2 ? [.gen2ReservesLowMmioBase] : [.gen1AlwaysReservesBar0], in: k)
    }
    if instrumentation {
      message +=
        " The kdump kernel's reservation is read from an out-of-tree debug line, so this stays a warning."
    }
    return Finding.Message(message)
  }
}
