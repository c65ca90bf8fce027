import IomemParse

/// The kdump kernel reserves a framebuffer range that is not where the first kernel's VRAM is.
public struct KD002StaleReservation: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD002", name: "kdump-reserves-stale-framebuffer", severity: .error,
    summary: "The kdump kernel reserves a stale framebuffer range while the live VRAM is elsewhere.",
    explanation: """
      vmbus_reserve_fb() keeps a range free for the framebuffer: on Gen1 the legacy video device's
      BAR0, which always reports 4G-128MB (0xf8000000) even after the first kernel moved the VRAM
      (Dexuan Cui, linux-hyperv, April 2026); on Gen2 the firmware framebuffer base. When the first
      kernel's hyperv_drm/hyperv_fb put its VRAM elsewhere — high MMIO when it did not fit — the kdump
      kernel protects the old range, and the range the host really maps is free for any VMBus or
      hv_pci allocation.
      """,
    remediation: """
      Make the VRAM fit the reservation in the first kernel: lower the resolution with `Set-VMVideo` \
      (on Gen1 BAR0 stays 64 MiB whatever `LowMemoryMappedIoSpace` is). Build hv_pci in (or load it \
      in the same order in both kernels) so both kernels allocate MMIO deterministically. No kernel fix \
      covers Gen1 with VRAM in high MMIO yet ("we can't really fix the MMIO conflict"). Keeping \
      hyperv_drm out of the kdump initramfs does not help: the live range stays unclaimed.
      """,
    triggering: KD002Examples.triggering, nonTriggering: KD002Examples.nonTriggering)

  public func check(_ capture: Capture) -> [Finding] {
    capture.pairs.compactMap { pair in
      let f = capture.graphs[pair.first]
      let k = capture.graphs[pair.kdump]
      guard let vram = f.vram, let reservation = kdumpReservation(k), !reservation.range.contains(vram.range)
      else {
        return nil
      }
      let instrumentation =
        reservation.kind == .gen1FramebufferBar && reservation.reasoning?.hasPrefix("out-of-tree") == true
      let inferred = vram.certainty == .inferred || reservation.certainty == .inferred || instrumentation
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
      if instrumentation {
        message +=
          " The kdump kernel's reservation is read from an out-of-tree debug line, so this stays a warning."
      }
      if let caveat = capture.kdumpCaveat(pair) { message += " " + caveat }
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
      return Finding(
        rule: Self.description.id, severity: cap(.error, inferred: inferred, proven: pair.kdumpProven),
        message: message,
        ranges: [reservation.range, vram.range], evidence: evidence,
        remediation: Self.description.remediation,
        missing: missing)
    }
  }

  /// What the kdump kernel keeps free: the `hv_mmio=… fb=` reservation, else the Gen1 BAR0 it
  /// reserves from (a PCI line, or the seed's instrumentation).
  private func kdumpReservation(_ k: BootGraph) -> ResourceClaim? {
    if let seen = k.claims(.framebufferReservation).first(where: { $0.certainty == .seen }) { return seen }
    if let bar = k.claims(.gen1FramebufferBar).first { return bar }
    return k.framebufferReservation
  }
}
