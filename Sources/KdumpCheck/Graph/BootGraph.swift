import IomemParse

/// Gen1 (BIOS), Gen2 (UEFI) or not known, with the lines that show it.
public enum VMGeneration: String, Sendable {
  case gen1, gen2, unknown
}

/// A `hv_vmbus: registering driver X` line, and whether X was built in (registered before
/// `Run /init` / `Freeing unused kernel image`) or loaded as a module; `nil` when the log does
/// not show the init marker.
public struct DriverRegistration: Sendable {
  public var driver: String
  public var builtIn: Bool?
  public var provenance: Provenance
}

/// Everything one kernel claimed, with the facts rules ask about.
public struct BootGraph: Sendable {
  /// `source#boot` (or `source#iomem` for a dump with no log).
  public var id: String
  public var boot: KernelBoot?
  public var role: BootRole
  /// Why the role is what it is (from the log reader, or the user's override).
  public var roleReason: String
  /// False when the role is only presumed (a dump whose memory map looks like a kdump kernel's).
  public var roleProven = true
  /// The /proc/iomem dump merged into this kernel, when one was.
  public var iomem: IomemDump?
  public var iomemSource: String?
  public var claims: [ResourceClaim] = []
  public var generation: VMGeneration = .unknown
  public var generationEvidence: [Provenance] = []
  public var confidentialEvidence: [Provenance] = []
  /// VMBus instance GUIDs of the synthetic video device (from hyperv_drm/hyperv_fb lines).
  public var videoGUIDs: Set<String> = []
  /// VMBus instance GUIDs of hv_pci devices.
  public var hvPciGUIDs: Set<String> = []
  /// Which hv_pci GUID each PCI domain belongs to (`2ba2` → GUID), as this kernel derives it
  /// (`PCIDomain`: bytes 4-5 or 8-9 by f73f8a504e27, a collision line's domain where one says so).
  public var pciDomains: [String: String] = [:]
  /// The changes of `KernelChange.table` this kernel carries, and how that is known.
  public var changes = KernelChanges.unknown
  public var registrations: [DriverRegistration] = []
  /// Lines that show the firmware handed this kernel a framebuffer with a non-zero base
  /// (`efifb: framebuffer at`, simplefb's `framebuffer at`, simpledrm bound to
  /// `simple-framebuffer.0`).
  public var firmwareFramebufferLines: [Provenance] = []
  /// hyperv_fb's `Using MMIO instead` line: its VRAM stayed in MMIO (Gen1).
  public var vramInMMIOLine: Provenance?
  /// VRAM the video device asked for, and the line that says so.
  public var vramBytes: (bytes: UInt64, provenance: Provenance, outOfTree: Bool)?
  /// Set when this kernel reserved no framebuffer range: the lines that show (or imply) it.
  public var framebufferUnreserved: (certainty: Certainty, evidence: [Provenance], reasoning: String)?

  public init(id: String, boot: KernelBoot?, role: BootRole, roleReason: String) {
    self.id = id
    self.boot = boot
    self.role = role
    self.roleReason = roleReason
  }

  public var source: String { boot?.source ?? iomemSource ?? id }
  public var bootIndex: Int { boot?.index ?? 0 }
  public var events: [LogEvent] { boot?.events ?? [] }

  public func claims(_ kind: ClaimKind) -> [ResourceClaim] { claims.filter { $0.kind == kind } }

  /// The PCI domain hv_pci gave the device `guid` in this kernel.
  public func pciDomain(of guid: String) -> String? { pciDomains.first { $0.value == guid }?.key }

  /// The first kernel's VRAM (seen in /proc/iomem, else inferred), the range the host maps.
  public var vram: ResourceClaim? {
    let all = claims(.videoVRAM)
    return all.first { $0.certainty == .seen } ?? all.first
  }

  /// The framebuffer range this kernel keeps free for the video device.
  public var framebufferReservation: ResourceClaim? {
    let all = claims(.framebufferReservation)
    return all.first { $0.certainty == .seen } ?? all.first
  }

  public var mmioWindows: [ResourceClaim] { claims(.vmbusWindow).sorted { $0.range < $1.range } }

  public func events<T>(_ pick: (EventKind) -> T?) -> [(T, LogEvent)] {
    events.compactMap { e in pick(e.kind).map { ($0, e) } }
  }

  public var isConfidential: Bool { !confidentialEvidence.isEmpty }

  /// Whether this kernel's capture shows its crash kernel reservation or its absence: a
  /// `Crash kernel` claim, its command line, or a /proc/iomem dump read as root.
  var showsCrashKernel: Bool {
    if !claims(.crashKernel).isEmpty { return true }
    if boot?.commandLine != nil { return true }
    if let dump = iomem, !dump.addressesHidden { return true }
    return false
  }

  /// The first registration of hv_pci and of the video driver, in log order.
  public var videoDriver: DriverRegistration? {
    registrations.first { $0.driver == "hyperv_drm" || $0.driver == "hyperv_fb" }
  }

  public var hvPciDriver: DriverRegistration? { registrations.first { $0.driver == "hv_pci" } }
}
