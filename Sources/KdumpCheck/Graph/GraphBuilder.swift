import ByteInput
import IomemParse

/// Builds one kernel's graph from its log events, then folds in a /proc/iomem dump.
enum GraphBuilder {
  /// The usual instance GUID of the synthetic video device on Hyper-V and Azure; used to name
  /// the VRAM owner only when no hyperv_drm/hyperv_fb line names it.
  static let wellKnownVideoGUID = "5620e0c7-8062-4dce-aeb7-520c7ef76171"

  static func graph(boot: KernelBoot, role: BootRole, reason: String) -> BootGraph {
    var g = BootGraph(id: "\(boot.source)#\(boot.index)", boot: boot, role: role, roleReason: reason)
    g.changes = KernelChanges(boot)
    var initSeen = false
    let hasInitMarker = boot.events.contains { if case .initStarted = $0.kind { true } else { false } }
    for event in boot.events {
      let p = event.provenance
      switch event.kind {
      case .efiBoot:
        setGeneration(&g, .gen2, p)
      case .dmi(let text):
        if text.containsBytes("Hyper-V UEFI") { setGeneration(&g, .gen2, p) }
        if text.containsBytes("Microsoft Corporation Virtual Machine"), text.containsBytes("BIOS 0900") {
          setGeneration(&g, .gen1, p)
        }
      case .instrumentedGen1Bar(let range):
        setGeneration(&g, .gen1, p)
        g.claims.append(
          ResourceClaim(
            range: range, kind: .gen1FramebufferBar, owner: ClaimOwner(pciAddress: "0000:00:08.0"),
            reasoning: "out-of-tree instrumentation: no upstream kernel prints this line", provenance: [p]))
      case .pciDevice(_, let vendor, let device, _):
        if vendor == "1414", device == "5353" { setGeneration(&g, .gen1, p) }
      case .hypervIsolation, .memoryEncryption:
        g.confidentialEvidence.append(p)
      case .e820(let range, let type):
        g.claims.append(
          ResourceClaim(
            range: range,
            kind: type.containsBytes("usable") || type.containsBytes("System RAM") ? .ram : .reserved,
            provenance: [p]))
      case .crashkernelReserved(let range, _):
        g.claims.append(ResourceClaim(range: range, kind: .crashKernel, provenance: [p]))
      case .swiotlb(let range):
        g.claims.append(ResourceClaim(range: range, kind: .swiotlb, provenance: [p]))
      case .efifbFramebuffer(let base, _, let total):
        setGeneration(&g, .gen2, p)
        g.firmwareFramebufferLines.append(p)
        if let r = AddressRange(start: base, size: max(total, 1) << 10) {
          g.claims.append(
            ResourceClaim(
              range: r, kind: .firmwareFramebuffer, owner: ClaimOwner(driver: "efifb"), provenance: [p]))
        }
      case .simpleFramebuffer(let driver, let base, let bytes):
        g.firmwareFramebufferLines.append(p)
        if let base, let bytes, let r = AddressRange(start: base, size: max(bytes, 1)) {
          g.claims.append(
            ResourceClaim(
              range: r, kind: .firmwareFramebuffer, owner: ClaimOwner(driver: driver), provenance: [p]))
        }
      case .framebufferInMMIO(let driver):
        g.vramInMMIOLine = p
        if let guid = guidInPrefix(p.text, driver: driver) { g.videoGUIDs.insert(guid) }
      case .hvMmioWindows(let low, let high, let fb):
        for window in [low, high] {
          if let r = window.range {
            g.claims.append(
              ResourceClaim(
                range: r, kind: .vmbusWindow, owner: ClaimOwner(driver: "hv_vmbus"), provenance: [p]))
          }
        }
        if let r = fb.range {
          g.claims.append(
            ResourceClaim(
              range: r, kind: .framebufferReservation, owner: ClaimOwner(driver: "hv_vmbus"), provenance: [p])
          )
        } else {
          g.framebufferUnreserved = (.seen, [p], "`fb=(null)`: vmbus_reserve_fb() reserved nothing")
        }
      case .vmbusFramebufferBaseZero:
        g.framebufferUnreserved = (
          .seen, [p], "the firmware framebuffer base is zero, so vmbus_reserve_fb() reserved nothing"
        )
      case .vmbusDriverRegistered(let driver, _):
        g.registrations.append(
          DriverRegistration(driver: driver, builtIn: hasInitMarker ? !initSeen : nil, provenance: p))
      case .initStarted:
        initSeen = true
      case .synthvidVersion(let driver, _), .framebufferFailure(let driver, _):
        if let guid = guidInPrefix(p.text, driver: driver) { g.videoGUIDs.insert(guid) }
      case .screenResolution(let driver, _, _, _, let bytes):
        if let guid = guidInPrefix(p.text, driver: driver) { g.videoGUIDs.insert(guid) }
        if let bytes { g.vramBytes = (bytes, p, false) }
      case .instrumentedMmioMegabytes(let mb):
        if g.vramBytes == nil { g.vramBytes = (mb << 20, p, true) }
      default:
        break
      }
      if let device = PCIDomain.hvPciDevice(event.kind) { g.hvPciGUIDs.insert(device) }
    }
    inferGen1FromMissingEFI(&g, boot)
    g.pciDomains = domains(&g, boot)
    for event in boot.events { addPCIClaims(&g, event) }
    return g
  }

  private static func addPCIClaims(_ g: inout BootGraph, _ event: LogEvent) {
    let p = event.provenance
    switch event.kind {
    case .pciRootBusResource(let bus, let resource):
      guard let r = resource.range, resource.space == .mem else { return }
      if let guid = hvPciGUID(forDomain: String(bus.prefix(4)), in: g) {
        g.claims.append(
          ResourceClaim(
            range: r, kind: .hvPciBusWindow, owner: ClaimOwner(driver: "hv_pci", guid: guid), provenance: [p])
        )
      } else {
        g.claims.append(ResourceClaim(range: r, kind: .pciRootBusWindow, provenance: [p]))
      }
    case .pciBar(let address, let bar, let resource, let action, _):
      guard let r = resource.range, resource.space == .mem, resource.size == nil else { return }
      if address == "0000:00:08.0", bar == "BAR 0", action == .probed, g.generation != .gen2 {
        g.claims.append(
          ResourceClaim(
            range: r, kind: .gen1FramebufferBar,
            owner: ClaimOwner(driver: "hyperv video", pciAddress: address), provenance: [p]))
      } else if action == .assigned || action == .probed {
        let guid = hvPciGUID(forDomain: String(address.prefix(4)), in: g)
        g.claims.append(
          ResourceClaim(
            range: r, kind: .pciBar,
            owner: ClaimOwner(driver: guid == nil ? nil : "hv_pci", guid: guid, pciAddress: address),
            provenance: [p]))
      }
    default:
      break
    }
  }

  /// An EFI boot always logs `efi: EFI v…` early; a Hyper-V boot logged from its banner without
  /// one booted from BIOS: Gen1.
  private static func inferGen1FromMissingEFI(_ g: inout BootGraph, _ boot: KernelBoot) {
    guard g.generation == .unknown,
      let banner = boot.events.first(where: { $0.kind.name == "kernel_version" }),
      let hyperv = boot.events.first(where: {
        if case .hypervisorDetected(let name) = $0.kind { name.containsBytes("Microsoft") } else { false }
      })
    else { return }
    g.generation = .gen1
    g.generationEvidence = [banner.provenance, hyperv.provenance]
  }

  /// hv_pci's domain for each of its GUIDs (hv_pci_probe()): the one a `PCI dom# … has collision,
  /// using …` line gives; else bytes 4-5 (the second group) with f73f8a504e27, bytes 8-9 (the
  /// fourth) without it; when unknown, whichever of the two this kernel's PCI lines use.
  private static func domains(_ g: inout BootGraph, _ boot: KernelBoot) -> [String: String] {
    let used = Set(boot.events.compactMap { PCIDomain.domain(of: $0.kind) })
    let status = g.changes[.domainFromBytes4And5].presence
    // The collision lines, in log order, read once (not once per device: thousands of devices).
    let collisions = boot.events.compactMap { event -> (device: String?, requested: String, using: String)? in
      guard case .hvPciDomainCollision(let device, let requested, let using) = event.kind else { return nil }
      return (device, requested, using)
    }
    var map: [String: String] = [:]
    for guid in g.hvPciGUIDs.sorted() {
      guard let second = PCIDomain.group(guid, 1), let fourth = PCIDomain.group(guid, 3) else { continue }
      var domain = derivedDomain(guid, g) ?? second
      if status == .unknown, !used.contains(second), used.contains(fourth) { domain = fourth }
      for collision in collisions
      where collision.device == guid || collision.device == nil && collision.requested == domain {
        domain = collision.using
      }
      map[domain] = guid
    }
    return map
  }

  /// The domain hv_pci asks for: bytes 8-9 where this kernel lacks f73f8a504e27, else bytes 4-5.
  static func derivedDomain(_ guid: String, _ g: BootGraph) -> String? {
    PCIDomain.group(guid, g.changes[.domainFromBytes4And5].absent ? 3 : 1)
  }

  static func hvPciGUID(forDomain domain: String, in g: BootGraph) -> String? {
    g.pciDomains[domain.lowercased()]
  }

  private static func setGeneration(_ g: inout BootGraph, _ generation: VMGeneration, _ p: Provenance) {
    if g.generation == .unknown { g.generation = generation }
    if g.generation == generation { g.generationEvidence.append(p) }
  }

  /// `hyperv_drm 5620e0c7-…: [drm] …` → the GUID, when the dev_printk prefix names one.
  private static func guidInPrefix(_ text: String, driver: String) -> String? {
    let words = text.split(separator: " ", maxSplits: 2)
    guard words.count >= 2, words[0] == driver else { return nil }
    let name = words[1].hasSuffix(":") ? words[1].dropLast() : words[1]
    return NameShape.isGUID(Array(name.utf8)) ? name.lowercased() : nil
  }
}
