internal import LineScan

/// What a /proc/iomem entry is, classified from its name the way the kernel names resources.
public enum ResourceKind: Hashable, Sendable, CustomStringConvertible {
  case systemRAM
  case kernelCode, kernelRodata, kernelData, kernelBss
  case crashKernel
  case reserved
  case acpiTables, acpiNVS
  /// `PCI Bus 0000:00`: a root bus window at top level, a bridge window when nested.
  case pciBus(String)
  /// A PCI function `dddd:bb:dd.f`; its BARs and the driver's claims nest below it.
  case pciDevice(String)
  /// A VMBus allocation, named by the device instance GUID (`vmbus_allocate_mmio`).
  case vmbusDevice(String)
  /// `PCI MMCONFIG 0000 [bus 00-ff]` / `PCI ECAM …`.
  case pciECAM
  case ioapic, hpet, localAPIC
  /// An ACPI/PNP device such as `PNP0C02:01` or `MSFT1000:00`.
  case pnpDevice(String)
  /// A boot framebuffer claimed by efifb, vesafb, simplefb or sysfb (`BOOTFB`).
  case firmwareFramebuffer(String)
  /// `Video ROM`, `System ROM`, `Adapter ROM`.
  case rom
  /// The kernel prints `<BAD>` for a resource without a name.
  case nameless
  case other(String)

  /// Classifies a resource by its verbatim /proc/iomem name.
  public init(name: String) {
    switch name {
    case "System RAM": self = .systemRAM
    case "Kernel code": self = .kernelCode
    case "Kernel rodata": self = .kernelRodata
    case "Kernel data": self = .kernelData
    case "Kernel bss": self = .kernelBss
    case "Crash kernel": self = .crashKernel
    case "Reserved", "reserved", "RAM buffer", "Unknown E820 type": self = .reserved
    case "ACPI Tables": self = .acpiTables
    case "ACPI Non-volatile Storage": self = .acpiNVS
    case "Local APIC": self = .localAPIC
    case "Video ROM", "System ROM", "Adapter ROM": self = .rom
    case "<BAD>": self = .nameless
    case "efifb", "vesafb", "simplefb", "BOOTFB", "simple-framebuffer", "simpledrm":
      self = .firmwareFramebuffer(name)
    default:
      self = ResourceKind.classifyPattern(name)
    }
  }

  private static func classifyPattern(_ name: String) -> ResourceKind {
    if name.hasPrefix("PCI Bus ") { return .pciBus(String(name.dropFirst(8))) }
    if name.hasPrefix("PCI MMCONFIG") || name.hasPrefix("PCI ECAM") { return .pciECAM }
    if name.hasPrefix("IOAPIC") { return .ioapic }
    if name.hasPrefix("HPET") { return .hpet }
    let bytes = Array(name.utf8)
    if NameShape.isGUID(bytes) { return .vmbusDevice(name.lowercased()) }
    if NameShape.isPCIAddress(bytes) { return .pciDevice(name.lowercased()) }
    if NameShape.isACPIDevice(bytes) { return .pnpDevice(name) }
    return .other(name)
  }

  /// snake_case name used in JSON and the tree view.
  public var description: String {
    switch self {
    case .systemRAM: "system_ram"
    case .kernelCode: "kernel_code"
    case .kernelRodata: "kernel_rodata"
    case .kernelData: "kernel_data"
    case .kernelBss: "kernel_bss"
    case .crashKernel: "crash_kernel"
    case .reserved: "reserved"
    case .acpiTables: "acpi_tables"
    case .acpiNVS: "acpi_nvs"
    case .pciBus: "pci_bus"
    case .pciDevice: "pci_device"
    case .vmbusDevice: "vmbus_device"
    case .pciECAM: "pci_ecam"
    case .ioapic: "ioapic"
    case .hpet: "hpet"
    case .localAPIC: "local_apic"
    case .pnpDevice: "pnp_device"
    case .firmwareFramebuffer: "firmware_framebuffer"
    case .rom: "rom"
    case .nameless: "nameless"
    case .other: "other"
    }
  }
}

/// Byte-level shape tests for names the kernel generates (`%pUl` GUIDs, PCI addresses, ACPI ids).
public enum NameShape {
  /// `5620e0c7-8062-4dce-aeb7-520c7ef76171` (either case).
  public static func isGUID(_ b: [UInt8]) -> Bool {
    guard b.count == 36 else { return false }
    for (i, c) in b.enumerated() {
      if i == 8 || i == 13 || i == 18 || i == 23 {
        if c != UInt8(ascii: "-") { return false }
      } else if ByteLanes.hexValue(c) == nil {
        return false
      }
    }
    return true
  }

  /// `0000:00:08.0` or `2ba2:00:02.0`: domain:bus:device.function.
  public static func isPCIAddress(_ b: [UInt8]) -> Bool {
    guard b.count == 12, b[4] == UInt8(ascii: ":"), b[7] == UInt8(ascii: ":"),
      b[10] == UInt8(ascii: ".")
    else { return false }
    for i in [0, 1, 2, 3, 5, 6, 8, 9] where ByteLanes.hexValue(b[i]) == nil { return false }
    return (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(b[11])
  }

  /// `PNP0C02:01`, `MSFT1000:00`, `INT0800:00`: an ACPI hardware id and instance number.
  public static func isACPIDevice(_ b: [UInt8]) -> Bool {
    guard let colon = b.firstIndex(of: UInt8(ascii: ":")), colon >= 7, colon <= 8,
      b.count == colon + 3
    else { return false }
    let letters = colon - 4
    for i in 0..<letters where !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b[i]) {
      return false
    }
    for i in letters..<colon where ByteLanes.hexValue(b[i]) == nil { return false }
    return ByteLanes.hexValue(b[colon + 1]) != nil && ByteLanes.hexValue(b[colon + 2]) != nil
  }
}
