import IomemParse

/// The VRAM the video device needs is larger than the framebuffer reservation.
public struct KD006VRAMDoesNotFit: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD006", name: "vram-does-not-fit-reservation", severity: .note,
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
      Lower the resolution (`Set-VMVideo -HorizontalResolution … -VerticalResolution … -ResolutionType \
      Single`) so the VRAM fits the reservation: on Gen1 BAR0 is 64 MiB whatever \
      `LowMemoryMappedIoSpace` is; on Gen2 a kernel with 016a25e4b0df reserves up to 128 MiB. A larger \
      `LowMemoryMappedIoSpace` alone does not move the Gen1 reservation.
      """,
    triggering: KD006Examples.triggering, nonTriggering: KD006Examples.nonTriggering)

  public func check(_ capture: Capture) -> [Finding] {
    capture.graphs.enumerated().compactMap { index, g in
      guard g.role != .kdump, let reservation = g.framebufferReservation else { return nil }
      let needed = g.vramBytes?.bytes ?? resolutionBytes(g)
      let outside = g.vram.map { $0.certainty == .seen && !reservation.range.contains($0.range) } ?? false
      guard outside || (needed.map { $0 > reservation.range.size } ?? false) else { return nil }
      var message = "\(g.label) reserved \(reservation.range.sizeFirst) for the framebuffer"
      if let needed { message += ", but the video device needs \(ByteSize.human(needed)) of VRAM" }
      if let vram = g.vram, outside { message += "; the VRAM went to \(vram.range.sizeFirst)" }
      message += ". A kdump kernel reserves the original range, not this one."
      let consequence = capture.pairs.contains { pair in
        guard pair.first == index, pair.kdumpProven, let vram = g.vram else { return false }
        let k = capture.graphs[pair.kdump]
        let kept =
          k.claims(.framebufferReservation).first?.range ?? k.claims(.gen1FramebufferBar).first?.range
        return kept.map { !$0.contains(vram.range) } ?? (k.framebufferUnreserved != nil)
      }
      if consequence { message += " The kdump kernel here shows the consequence (see KD001/KD002/KD003)." }
      var evidence = g.evidence(reservation, "framebuffer reservation")
      if let size = g.vramBytes {
        evidence.append(
          g.evidence(
            size.provenance, size.outOfTree ? "VRAM size (out-of-tree instrumentation)" : "VRAM size"))
      }
      if let vram = g.vram, outside { evidence += g.evidence(vram, "VRAM") }
      return Finding(
        rule: Self.description.id, severity: consequence ? .warning : .note, message: message,
        ranges: [reservation.range] + (g.vram.map { [$0.range] } ?? []), evidence: evidence,
        remediation: Self.description.remediation)
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
