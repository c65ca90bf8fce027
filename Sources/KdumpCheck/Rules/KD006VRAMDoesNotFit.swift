import IomemParse

/// The VRAM the video device needs is larger than the framebuffer reservation.
public struct KD006VRAMDoesNotFit: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD006", name: "vram-does-not-fit-reservation", conditions: [consequence, moved],
    summary:
      "The framebuffer VRAM does not fit the low framebuffer reservation, so it goes elsewhere (often high MMIO).",
    explanation: """
      hyperv_drm/hyperv_fb allocate `mmio_megabytes` of VRAM (hyperv_fb prints it as `Frame buffer
      size`; a high resolution needs more) inside the framebuffer reservation when it fits, and
      otherwise at the lowest free address of the first MMIO window with room — on a Gen1 VM with
      little low MMIO, in high MMIO. That is harmless in the first kernel, and the precondition of a
      kdump collision: the kdump kernel reserves the original range, not the moved one.
      """,
    remediation: """
      On the Hyper-V host, lower the resolution (`Set-VMVideo -HorizontalResolution … \
      -VerticalResolution … -ResolutionType Single`) so the VRAM fits the reservation: on Gen1 BAR0 \
      is 64 MiB whatever `LowMemoryMappedIoSpace` is, so a larger low MMIO alone does not help. This \
      needs the host's administrator; on Azure use a Gen2 VM instead. On Gen2, in the guest, a kernel \
      with 016a25e4b0df (v7.1; stable 6.12.y, 6.6.y, 6.1.y, 5.15.211+) reserves up to 128 MiB.
      """,
    triggering: KD006Examples.triggering, nonTriggering: KD006Examples.nonTriggering,
    references: [.change(.gen1AlwaysReservesBar0), .change(.gen2ReservesLowMmioBase)])

  public func check(_ capture: Capture) -> [Finding] {
    capture.graphs.enumerated().compactMap { index, g in
      guard g.role != .kdump, let reservation = g.framebufferReservation else { return nil }
      let needed = g.vramBytes?.bytes ?? resolutionBytes(g)
      let outside = g.vram.map { $0.certainty == .seen && !reservation.range.contains($0.range) } ?? false
      guard outside || (needed.map { $0 > reservation.range.size } ?? false) else { return nil }
      let consequence = capture.pairs.contains { pair in
        guard pair.first == index, pair.kdumpProven, let vram = g.vram else { return false }
        let k = capture.graphs[pair.kdump]
        let kept =
          k.claims(.framebufferReservation).first?.range ?? k.claims(.gen1FramebufferBar).first?.range
        return kept.map { !$0.contains(vram.range) } ?? (k.framebufferUnreserved != nil)
      }
      let message = Finding.Message.vramDoesNotFit(
        kernel: g, reservation: reservation, needed: needed, movedTo: outside ? g.vram : nil,
        consequence: consequence)
      var evidence = g.evidence(reservation, "framebuffer reservation")
      if let size = g.vramBytes {
        evidence.append(
          g.evidence(
            size.provenance, size.outOfTree ? "VRAM size (out-of-tree instrumentation)" : "VRAM size"))
      }
      if let vram = g.vram, outside { evidence += g.evidence(vram, "VRAM") }
      var advice = [Advice.lowerResolution]
      if g.generation == .gen2,
        let update = Advice.kernelUpdate([.gen2ReservesLowMmioBase], for: g, role: "kernel (first and kdump)")
      {
        advice.append(update + " It reserves up to 128 MiB.")
      }
      return finding(
        consequence ? Self.consequence : Self.moved, message: message,
        ranges: [reservation.range] + (g.vram.map { [$0.range] } ?? []), evidence: evidence,
        remediation: advice.joined(separator: " "))
    }
  }

  /// Width × height × bytes per pixel, from an older hyperv_fb line without the size.
  private func resolutionBytes(_ g: BootGraph) -> UInt64? {
    g.events { kind -> UInt64? in
      if case .screenResolution(_, let w, let h, let d, nil) = kind {
        UInt64(clamping: w).multipliedReportingOverflow(by: UInt64(clamping: h)).partialValue
          .multipliedReportingOverflow(by: UInt64(clamping: max(d / 8, 1))).partialValue
      } else {
        nil
      }
    }.first?.0
  }
}

extension KD006VRAMDoesNotFit {
  static let consequence = RuleCondition(
    "consequence", .warning,
    "the VRAM does not fit and a proven kdump kernel of this VM reserves a range that misses it (or none)")
  static let moved = RuleCondition(
    "moved", .note,
    "the VRAM does not fit the first kernel's reservation and went elsewhere: harmless until kdump")
}

extension Finding.Message {
  /// `The first kernel (…) reserved 64 MiB at … for the framebuffer, but the video device needs
  /// 128 MiB of VRAM; the VRAM went to …`.
  fileprivate static func vramDoesNotFit(
    kernel g: BootGraph, reservation: ResourceClaim, needed: UInt64?, movedTo vram: ResourceClaim?,
    consequence: Bool
  ) -> Finding.Message {
    var message = "\(g.label) reserved \(reservation.range.sizeFirst) for the framebuffer"
    if let needed { message += ", but the video device needs \(ByteSize.human(needed)) of VRAM" }
    if let vram { message += "; the VRAM went to \(vram.range.sizeFirst)" }
    message += ". A kdump kernel reserves the original range, not this one."
    if consequence { message += " The kdump kernel here shows the consequence (see KD001/KD002/KD003)." }
    return Finding.Message(message)
  }
}
