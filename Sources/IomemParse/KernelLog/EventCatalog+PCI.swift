/// hv_pci (drivers/pci/controller/pci-hyperv.c, dev_printk "hv_pci <GUID>: ") and the PCI core
/// (drivers/pci/probe.c, setup-res.c, pci.c; dev_printk "pci dddd:bb:dd.f: " / "pci_bus dddd:bb: ").
/// BAR messages changed form in 6.8 (dc4e6f21c3f8 "PCI: Use resource names in PCI log messages",
/// with its helper 65f8e0beac5a; also in 6.1.y and 6.6.y since March 2026): both are read.
extension EventCatalog {
  static func messagePatterns() -> [EventPattern] {
    bootPatterns() + vmbusPatterns() + pciPatterns()
  }

  static func pciPatterns() -> [EventPattern] {
    let hvpci = "^hv_pci " + Fragment.guid + ": "
    return [
      // hv_pci_protocol_negotiation(): "PCI VMBus probing: Using version %#x"
      EventPattern("hv_pci ", hvpci + "PCI VMBus probing: Using version (0x[0-9a-f]+)") {
        .hvPciProtocol(device: try $0.stringValue(1).lowercased(), version: try $0.stringValue(2))
      },
      // hv_pci_enter_d0(): "PCI Pass-through VSP failed D0 Entry with status %x"
      EventPattern(
        "hv_pci ", hvpci + "PCI Pass-through VSP failed D0 Entry with status (?:0x)?([0-9a-fA-F]+)"
      ) {
        .hvPciD0Failed(device: try $0.stringValue(1).lowercased(), status: try $0.stringValue(2).lowercased())
      },
      // hv_pci_probe() since v5.8 (c81992e7f4aa): "Retrying D0 Entry"; "Retrying D0 failed with
      // ret %d" when hv_pci_bus_exit() fails (not a second D0 attempt)
      EventPattern("hv_pci ", hvpci + "Retrying D0 Entry") {
        .hvPciD0Retry(device: try $0.stringValue(1).lowercased())
      },
      EventPattern("hv_pci ", hvpci + #"Retrying D0 failed with ret (-?\d+)"#) {
        .hvPciD0RetryFailed(device: try $0.stringValue(1).lowercased(), error: try $0.intValue(2))
      },
      // hv_pci_allocate_bridge_windows(): "Need %#llx of low/high MMIO space. Consider reconfiguring the VM."
      EventPattern("hv_pci ", hvpci + "Need (0x[0-9a-f]+) of (low|high) MMIO space") {
        .hvPciNeedMmio(
          device: try $0.stringValue(1).lowercased(), bytes: try $0.hexValue(2), high: $0.string(3) == "high")
      },
      // hv_pci_probe() since v5.4 (be700103efd1): "PCI dom# 0x%hx has collision, using 0x%hx"
      EventPattern("hv_pci ", hvpci + "PCI dom# 0x([0-9a-f]+) has collision, using 0x([0-9a-f]+)") {
        .hvPciDomainCollision(
          device: try $0.stringValue(1).lowercased(), requested: PCIDomain.padded(try $0.stringValue(2)),
          using: PCIDomain.padded(try $0.stringValue(3)))
      },
      EventPattern("PCI dom# ", "^PCI dom# 0x([0-9a-f]+) has collision, using 0x([0-9a-f]+)") {
        .hvPciDomainCollision(
          device: nil, requested: PCIDomain.padded(try $0.stringValue(1)),
          using: PCIDomain.padded(try $0.stringValue(2)))
      },
      EventPattern(
        "hv_pci ",
        hvpci
          + #"(Unable to map a virtual address for config space|PCI Pass-through VSP failed.*|PCI pass-through VSP failed.*|query resource requirements failed.*|resource allocated returned.*|Unable to use dom# .*)$"#
      ) { .hvPciFailure(device: try $0.stringValue(1).lowercased(), text: try $0.stringValue(2)) },
      // drivers/pci/probe.c pci_register_host_bridge(): dev_info(parent, "PCI host bridge to bus %s")
      EventPattern("hv_pci ", hvpci + "PCI host bridge to bus ([0-9a-f]{4}:[0-9a-f]{2})") {
        .pciHostBridge(bus: try $0.stringValue(2), parent: try "hv_pci " + $0.stringValue(1).lowercased())
      },
      EventPattern("acpi ", #"^acpi (\S+): PCI host bridge to bus ([0-9a-f]{4}:[0-9a-f]{2})"#) {
        .pciHostBridge(bus: try $0.stringValue(2), parent: try "acpi " + $0.stringValue(1))
      },
      EventPattern("PCI host bridge to bus ", #"^PCI host bridge to bus ([0-9a-f]{4}:[0-9a-f]{2})"#) {
        .pciHostBridge(bus: try $0.stringValue(1), parent: nil)
      },
      // probe.c: dev_info(&bus->dev, "root bus resource %pR%s")
      EventPattern("pci_bus ", "^pci_bus ([0-9a-f]{4}:[0-9a-f]{2}): root bus resource " + Fragment.resource) {
        guard let r = $0.resource(2) else { return nil }
        return .pciRootBusResource(bus: try $0.stringValue(1), resource: r)
      },
    ]
  }

  /// A BAR event from a device line's captures: group 1 the address, then the BAR name and `%pR`.
  private static func bar(
    _ c: Captures, _ nameGroup: Int, _ resourceGroup: Int, _ action: BarAction, _ detail: String? = nil
  )
    throws -> EventKind?
  {
    guard let r = c.resource(resourceGroup) else { return nil }
    var name = try c.stringValue(nameGroup)
    if let n = Int(name) { name = "BAR \(n)" }
    return .pciBar(
      address: try c.stringValue(1).lowercased(), bar: name, resource: r, action: action, detail: detail)
  }

  /// Lines of the form `<driver> dddd:bb:dd.f: …`, whichever driver is bound.
  static func pciDevicePatterns() -> [EventPattern] {
    let dev = #"^\S+ "# + Fragment.bdf + ": "
    return [
      // probe.c pci_setup_device(): "[%04x:%04x] type %02x class %#08x[ %s]"
      EventPattern("", dev + #"\[([0-9a-f]{4}):([0-9a-f]{4})\] type [0-9a-f]{2} class (0x[0-9a-f]{6})"#) {
        .pciDevice(
          address: try $0.stringValue(1).lowercased(), vendor: try $0.stringValue(2),
          device: try $0.stringValue(3),
          classCode: try $0.stringValue(4))
      },
      // probe.c __pci_read_base() <= 6.7: "reg 0x%x: %pR"
      EventPattern("", dev + "reg (0x[0-9a-f]+): " + Fragment.resource) { c in
        guard let reg = c.hex(2), let r = c.resource(3) else { return nil }
        let name =
          reg == 0x30
          ? "ROM" : (0x10...0x24).contains(reg) ? "BAR \((reg - 0x10) / 4)" : "reg \(try c.stringValue(2))"
        return .pciBar(
          address: try c.stringValue(1).lowercased(), bar: name, resource: r, action: .probed, detail: nil)
      },
      // setup-res.c, old forms (<= 6.7)
      EventPattern("", dev + #"BAR (\d+): assigned "# + Fragment.resource) {
        try Self.bar($0, 2, 3, .assigned)
      },
      EventPattern("", dev + #"BAR (\d+): no space for "# + Fragment.resource) {
        try Self.bar($0, 2, 3, .noSpace)
      },
      EventPattern("", dev + #"BAR (\d+): failed to assign "# + Fragment.resource) {
        try Self.bar($0, 2, 3, .failedToAssign)
      },
      EventPattern("", dev + #"BAR (\d+): can't reserve "# + Fragment.resource) {
        try Self.bar($0, 2, 3, .cantReserve)
      },
      EventPattern("", dev + #"can't claim BAR (\d+) "# + Fragment.resource + ": (.*)$") {
        try Self.bar($0, 2, 3, .cantClaim, $0.string(4))
      },
      EventPattern("", dev + #"BAR (\d+): "# + Fragment.resource + " conflicts with (.*)$") {
        try Self.bar($0, 2, 3, .conflict, $0.string(4))
      },
      // 6.8+ forms: "%s %pR: assigned", "%s %pR: can't assign; no space", …
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": assigned") {
        try Self.bar($0, 2, 3, .assigned)
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": can't assign; no space") {
        try Self.bar($0, 2, 3, .noSpace)
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": failed to assign") {
        try Self.bar($0, 2, 3, .failedToAssign)
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": can't claim; (.*)$") {
        try Self.bar($0, 2, 3, .cantClaim, $0.string(4))
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": conflicts with (.*)$") {
        try Self.bar($0, 2, 3, .conflict, $0.string(4))
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + "$") {
        try Self.bar($0, 2, 3, .probed)
      },
      // setup-bus.c (old): "  bridge window %pR"
      EventPattern("", dev + #"\s*(bridge window) "# + Fragment.resource + "$") {
        try Self.bar($0, 2, 3, .probed)
      },
    ]
  }
}
