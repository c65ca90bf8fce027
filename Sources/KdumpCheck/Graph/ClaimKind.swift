import IomemParse

/// What a claim on an address range is, across /proc/iomem and log lines.
public enum ClaimKind: String, Sendable, CaseIterable {
  case ram
  case reserved
  case crashKernel = "crash_kernel"
  case swiotlb
  case firmwareFramebuffer = "firmware_framebuffer"
  /// The VMBus driver's private low/high MMIO windows (from ACPI _CRS; `hv_mmio=`).
  case vmbusWindow = "vmbus_window"
  /// vmbus_reserve_fb()'s `fb_range`: the range kept for the framebuffer.
  case framebufferReservation = "framebuffer_reservation"
  /// The Gen1 legacy video device's BAR0 (1414:5353 at 0000:00:08.0).
  case gen1FramebufferBar = "gen1_framebuffer_bar"
  /// The VRAM hyperv_drm/hyperv_fb allocated and told the host about.
  case videoVRAM = "video_vram"
  /// hv_pci's 8 KiB config window.
  case hvPciConfigWindow = "hv_pci_config_window"
  /// A bridge/root bus window of an hv_pci bus.
  case hvPciBusWindow = "hv_pci_bus_window"
  /// Another VMBus allocation named by a device GUID.
  case vmbusAllocation = "vmbus_allocation"
  case pciRootBusWindow = "pci_root_bus_window"
  case pciBar = "pci_bar"
  case other

  /// Claims a kdump kernel makes through vmbus_allocate_mmio() or PCI for a passthrough device.
  public var isPassthroughClaim: Bool {
    switch self {
    case .hvPciConfigWindow, .hvPciBusWindow, .vmbusAllocation, .pciBar: true
    default: false
    }
  }
}

/// Whether a line shows a claim, or it is predicted from the allocation rules.
public enum Certainty: String, Sendable {
  case seen
  case inferred
}

/// Who holds a claim.
public struct ClaimOwner: Hashable, Sendable, CustomStringConvertible {
  public var driver: String?
  /// VMBus device instance GUID.
  public var guid: String?
  /// PCI function `dddd:bb:dd.f`.
  public var pciAddress: String?

  public init(driver: String? = nil, guid: String? = nil, pciAddress: String? = nil) {
    self.driver = driver
    self.guid = guid
    self.pciAddress = pciAddress
  }

  public var description: String {
    [driver, guid, pciAddress].compactMap { $0 }.joined(separator: " ")
  }
}

/// One claim on an address range in one kernel, with the lines it rests on.
public struct ResourceClaim: Sendable {
  public var range: AddressRange
  public var kind: ClaimKind
  public var owner: ClaimOwner
  public var certainty: Certainty
  /// For inferred claims: how it was predicted.
  public var reasoning: String?
  public var provenance: [Provenance]

  public init(
    range: AddressRange, kind: ClaimKind, owner: ClaimOwner = ClaimOwner(), certainty: Certainty = .seen,
    reasoning: String? = nil, provenance: [Provenance]
  ) {
    self.range = range
    self.kind = kind
    self.owner = owner
    self.certainty = certainty
    self.reasoning = reasoning
    self.provenance = provenance
  }
}
