import IomemParse

/// Folds a /proc/iomem dump into a kernel's graph, naming each GUID by what the log says it is.
extension GraphBuilder {
  static func merge(_ dump: IomemDump, source: String, into g: inout BootGraph) {
    g.iomem = dump
    g.iomemSource = source
    guard !dump.addressesHidden else { return }
    for root in dump.roots {
      root.walk { node, depth in
        if let claim = claim(for: node, depth: depth, in: &g) { g.claims.append(claim) }
      }
    }
  }

  private static func claim(for node: ResourceNode, depth: Int, in g: inout BootGraph) -> ResourceClaim? {
    let p = [node.provenance]
    switch node.kind {
    case .systemRAM where depth == 0: return ResourceClaim(range: node.range, kind: .ram, provenance: p)
    case .crashKernel: return ResourceClaim(range: node.range, kind: .crashKernel, provenance: p)
    case .firmwareFramebuffer(let name):
      return ResourceClaim(
        range: node.range, kind: .firmwareFramebuffer, owner: ClaimOwner(driver: name), provenance: p)
    case .pciBus where depth == 0:
      return ResourceClaim(range: node.range, kind: .pciRootBusWindow, provenance: p)
    case .pciDevice(let address):
      if address == "0000:00:08.0", g.generation != .gen2, node.range.start == 0xf800_0000 {
        if g.generation == .unknown {
          g.generation = .gen1
          g.generationEvidence.append(node.provenance)
        }
        return ResourceClaim(
          range: node.range, kind: .gen1FramebufferBar,
          owner: ClaimOwner(driver: "hyperv video", pciAddress: address), provenance: p)
      }
      let guid = hvPciGUID(forDomain: String(address.prefix(4)), in: g)
      return ResourceClaim(
        range: node.range, kind: .pciBar, owner: ClaimOwner(guid: guid, pciAddress: address), provenance: p)
    case .vmbusDevice(let guid):
      return vmbusClaim(node, guid: guid, in: &g)
    default:
      return nil
    }
  }

  /// A GUID-named range is a vmbus_allocate_mmio() allocation: the video device's VRAM, an
  /// hv_pci config window (8 KiB) or bus window (PCI functions nested below), or another device's.
  private static func vmbusClaim(_ node: ResourceNode, guid: String, in g: inout BootGraph) -> ResourceClaim {
    let p = [node.provenance]
    let hasPCIChild = node.children.contains { if case .pciDevice = $0.kind { true } else { false } }
    if g.videoGUIDs.contains(guid) || (g.videoGUIDs.isEmpty && guid == wellKnownVideoGUID && !hasPCIChild) {
      let named = g.videoGUIDs.contains(guid)
      return ResourceClaim(
        range: node.range, kind: .videoVRAM,
        owner: ClaimOwner(driver: g.videoDriver?.driver ?? "synthetic video", guid: guid),
        reasoning: named ? nil : "owner named by the usual synthetic video device GUID", provenance: p)
    }
    if hasPCIChild || g.hvPciGUIDs.contains(guid) {
      g.hvPciGUIDs.insert(guid)
      for child in node.children {
        if case .pciDevice(let address) = child.kind { g.pciDomains[String(address.prefix(4))] = guid }
      }
      if g.pciDomain(of: guid) == nil, let domain = derivedDomain(guid, g) { g.pciDomains[domain] = guid }
      let kind: ClaimKind = (!hasPCIChild && node.range.size == 0x2000) ? .hvPciConfigWindow : .hvPciBusWindow
      return ResourceClaim(
        range: node.range, kind: kind, owner: ClaimOwner(driver: "hv_pci", guid: guid), provenance: p)
    }
    if node.range.size == 0x2000 {
      g.hvPciGUIDs.insert(guid)
      if g.pciDomain(of: guid) == nil, let domain = derivedDomain(guid, g) { g.pciDomains[domain] = guid }
      return ResourceClaim(
        range: node.range, kind: .hvPciConfigWindow, owner: ClaimOwner(driver: "hv_pci", guid: guid),
        reasoning: "an 8 KiB VMBus allocation is hv_pci's config window (PCI_CONFIG_MMIO_LENGTH)",
        provenance: p)
    }
    return ResourceClaim(
      range: node.range, kind: .vmbusAllocation, owner: ClaimOwner(guid: guid), provenance: p)
  }
}
