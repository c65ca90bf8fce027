/// PCI domain numbers as hv_pci derives them from a VMBus instance GUID
/// (drivers/pci/controller/pci-hyperv.c hv_pci_probe()): bytes 4-5, the GUID's second group,
/// since v5.4 (f73f8a504e27); bytes 8-9, its fourth group, before.
public enum PCIDomain {
  /// `2ba2` from `0x2ba2` or `2BA2`; shorter numbers padded to four digits.
  public static func padded(_ hex: String) -> String {
    let lower = hex.lowercased()
    return lower.count >= 4 ? lower : String(repeating: "0", count: 4 - lower.count) + lower
  }

  /// The GUID's group `index` (0-based) in lower case: group 1 is bytes 4-5, group 3 bytes 8-9.
  public static func group(_ guid: String, _ index: Int) -> String? {
    let parts = guid.split(separator: "-")
    return parts.count == 5 && index < 5 ? parts[index].lowercased() : nil
  }

  /// The hv_pci device GUID an event names, if it is one of hv_pci's own lines.
  public static func hvPciDevice(_ kind: EventKind) -> String? {
    switch kind {
    case .hvPciProtocol(let d, _), .hvPciD0Failed(let d, _), .hvPciD0Retry(let d),
      .hvPciD0RetryFailed(let d, _),
      .hvPciNeedMmio(let d, _, _), .hvPciFailure(let d, _):
      d
    case .hvPciDomainCollision(let d, _, _): d
    case .pciHostBridge(_, let parent):
      parent.flatMap { $0.hasPrefix("hv_pci ") ? String($0.dropFirst(7)) : nil }
    default: nil
    }
  }

  /// The PCI domain a device, bus or BAR line is about (`2ba2` of `2ba2:00:02.0`).
  public static func domain(of kind: EventKind) -> String? {
    let address: String
    switch kind {
    case .pciDevice(let a, _, _, _), .pciBar(let a, _, _, _, _): address = a
    case .pciRootBusResource(let bus, _), .pciHostBridge(let bus, _): address = bus
    default: return nil
    }
    return address.count >= 5 ? String(address.prefix(4)).lowercased() : nil
  }
}
