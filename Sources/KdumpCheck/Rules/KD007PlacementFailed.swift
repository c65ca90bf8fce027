import IomemParse

/// Low MMIO ran out, or the PCI core could not place or claim a BAR.
public struct KD007PlacementFailed: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD007", name: "mmio-exhausted-or-bar-placement-failed",
    conditions: [exhausted, barNotPlaced, sanityCheck],
    summary:
      "Low MMIO is exhausted or a PCI BAR could not be placed (`Need … of low MMIO space`, `no space for`, `can't claim`, `resource sanity check`).",
    explanation: """
      hv_pci asks vmbus_allocate_mmio() for bridge windows sized to the device's BARs: 32-bit BARs
      below 4 GiB, 64-bit ones above. When the low window is full — a small `LowMemoryMappedIoSpace`
      (a confidential VM has only 1 GiB: Azure configures it so to leave RAM below 4 GiB for its
      swiotlb bounce buffer, which is RAM, not MMIO), a large framebuffer reservation — it logs `Need %#llx of low MMIO space.
      Consider reconfiguring the VM.` and the device is not usable. The PCI core reports BARs it
      cannot assign or claim, and `resource sanity check` a mapping that spans more than one resource.
      """,
    remediation: """
      On the Hyper-V host, give the VM more low MMIO (`Set-VM -LowMemoryMappedIoSpace 3GB`; needs the \
      host's administrator). On Azure low MMIO is fixed per VM type (3 GiB, 1 GiB on a confidential \
      VM): use a device with 64-bit BARs or another size. A lower resolution helps only when the VRAM \
      spilled outside the framebuffer reservation. A `can't claim … address conflict` names the range \
      that is in the way.
      """,
    triggering: KD007Examples.triggering, nonTriggering: KD007Examples.nonTriggering,
    references: [
      .configWindowReview
    ])

  public func check(_ capture: Capture) -> [Finding] {
    capture.graphs.compactMap { g in
      var lines: [(RuleCondition, Provenance, String)] = []
      for event in g.events {
        switch event.kind {
        case .hvPciNeedMmio(let device, let bytes, let high):
          lines.append(
            (
              Self.exhausted, event.provenance,
              "hv_pci \(device) needs \(ByteSize.human(bytes)) more \(high ? "high" : "low") MMIO"
            ))
        case .pciBar(let address, let bar, let resource, let action, _)
        where [.noSpace, .failedToAssign, .cantClaim, .conflict].contains(action):
          lines.append(
            (
              Self.barNotPlaced, event.provenance,
              "\(address) \(bar) \(resource.text): \(action.rawValue.replacingUnderscores)"
            ))
        case .resourceSanityCheck(let requested, let owner, _):
          lines.append(
            (
              Self.sanityCheck, event.provenance,
              "a mapping of \(requested.sizeFirst) spans more than \(owner)"
            ))
        default:
          break
        }
      }
      guard let worst = lines.map(\.0).max(by: { $0.severity < $1.severity }) else { return nil }
      let message = Finding.Message.placementFailed(kernel: g, problems: lines.map(\.2))
      var advice =
        g.isConfidential
        ? "This is a confidential VM: its low MMIO is 1 GiB by configuration (its swiotlb bounce buffer is RAM below 4 GiB, not MMIO). "
        : ""
      advice +=
        "On the Hyper-V host, give the VM more low MMIO (`Set-VM -LowMemoryMappedIoSpace 3GB`; needs the host's administrator); on Azure low MMIO is fixed per VM type: use a device with 64-bit BARs or another size."
      if let vram = g.vram, let r = g.framebufferReservation, !r.range.contains(vram.range),
        vram.range.start < 1 << 32
      {
        advice +=
          " The VRAM spilled outside the framebuffer reservation into low MMIO: " + Advice.lowerResolution
      }
      return finding(
        worst, message: message, evidence: lines.map { g.evidence($0.1) }, remediation: advice)
    }
  }
}

extension KD007PlacementFailed {
  static let exhausted = RuleCondition(
    "exhausted", .error, "hv_pci logs `Need … of low/high MMIO space`: the device gets no bridge window")
  static let barNotPlaced = RuleCondition(
    "bar-not-placed", .warning, "the PCI core could not assign or claim a BAR (`no space for`, `can't claim`)"
  )
  static let sanityCheck = RuleCondition(
    "sanity-check", .note, "`resource sanity check`: a mapping spans more than one resource")
}

extension Finding.Message {
  /// `The kdump kernel (…): hv_pci … needs 128 MiB of low MMIO; BAR 0 of … found no space.`
  fileprivate static func placementFailed(kernel g: BootGraph, problems: [String]) -> Finding.Message {
    Finding.Message("\(g.label): " + problems.joined(separator: "; ") + ".")
  }
}
