import IomemParse

/// Low MMIO ran out, or the PCI core could not place or claim a BAR.
public struct KD007PlacementFailed: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD007", name: "mmio-exhausted-or-bar-placement-failed", severity: .warning,
    summary:
      "Low MMIO is exhausted or a PCI BAR could not be placed (`Need … of low MMIO space`, `no space for`, `can't claim`, `resource sanity check`).",
    explanation: """
      hv_pci asks vmbus_allocate_mmio() for bridge windows sized to the device's BARs: 32-bit BARs
      below 4 GiB, 64-bit ones above. When the low window is full — a small `LowMemoryMappedIoSpace`,
      a large framebuffer reservation, a big swiotlb on a CVM — it logs `Need %#llx of low MMIO space.
      Consider reconfiguring the VM.` and the device is not usable. The PCI core reports BARs it
      cannot assign or claim, and `resource sanity check` a mapping that spans more than one resource.
      """,
    remediation: """
      Give the VM more low MMIO (`Set-VM -LowMemoryMappedIoSpace 3GB` on Hyper-V; Azure sizes have \
      fixed values, so resize or use a device with 64-bit BARs), or lower the resolution so the \
      framebuffer takes less of it. A `can't claim … address conflict` names the range that is in the way.
      """,
    triggering: KD007Examples.triggering, nonTriggering: KD007Examples.nonTriggering)

  public func check(_ capture: Capture) -> [Finding] {
    capture.graphs.compactMap { g in
      var lines: [(Severity, Provenance, String)] = []
      for event in g.events {
        switch event.kind {
        case .hvPciNeedMmio(let device, let bytes, let high):
          lines.append(
            (
              .error, event.provenance,
              "hv_pci \(device) needs \(ByteSize.human(bytes)) more \(high ? "high" : "low") MMIO"
            ))
        case .pciBar(let address, let bar, let resource, let action, _)
        where [.noSpace, .failedToAssign, .cantClaim, .conflict].contains(action):
          lines.append(
            (
              .warning, event.provenance,
              "\(address) \(bar) \(resource.text): \(action.rawValue.replacingUnderscores)"
            ))
        case .resourceSanityCheck(let requested, let owner, _):
          lines.append(
            (.note, event.provenance, "a mapping of \(requested.sizeFirst) spans more than \(owner)"))
        default:
          break
        }
      }
      guard let worst = lines.map(\.0).max() else { return nil }
      let message = "\(g.label): " + lines.map(\.2).joined(separator: "; ") + "."
      return Finding(
        rule: Self.description.id, severity: worst, message: message,
        evidence: lines.map { g.evidence($0.1) }, remediation: Self.description.remediation)
    }
  }
}
