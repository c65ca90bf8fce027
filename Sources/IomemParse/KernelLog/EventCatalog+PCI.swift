/// hv_pci (drivers/pci/controller/pci-hyperv.c, dev_printk "hv_pci <GUID>: ") and the PCI core
/// (drivers/pci/probe.c, setup-res.c, pci.c; dev_printk "pci dddd:bb:dd.f: " / "pci_bus dddd:bb: ").
/// BAR messages changed form in 6.8 (65f8e0beac5a, also in 2026 stable trees): both are read.
extension EventCatalog {
  static func messagePatterns() -> [EventPattern] {
    bootPatterns() + vmbusPatterns() + pciPatterns()
  }

  static func pciPatterns() -> [EventPattern] {
    let hvpci = "^hv_pci " + Fragment.guid + ": "
    return [
      // hv_pci_protocol_negotiation(): "PCI VMBus probing: Using version %#x"
      EventPattern("hv_pci ", hvpci + "PCI VMBus probing: Using version (0x[0-9a-f]+)") {
        .hvPciProtocol(device: $0.string(1)!.lowercased(), version: $0.string(2)!)
      },
      // hv_pci_enter_d0(): "PCI Pass-through VSP failed D0 Entry with status %x"
      EventPattern(
        "hv_pci ", hvpci + "PCI Pass-through VSP failed D0 Entry with status (?:0x)?([0-9a-fA-F]+)"
      ) {
        .hvPciD0Failed(device: $0.string(1)!.lowercased(), status: $0.string(2)!.lowercased())
      },
      // hv_pci_probe() (5.12+): "Retrying D0 Entry" / "Retrying D0 failed with ret %d"
      EventPattern("hv_pci ", hvpci + "Retrying D0 Entry") {
        .hvPciD0Retry(device: $0.string(1)!.lowercased())
      },
      EventPattern("hv_pci ", hvpci + #"Retrying D0 failed with ret (-?\d+)"#) {
        .hvPciD0RetryFailed(device: $0.string(1)!.lowercased(), error: $0.int(2)!)
      },
      // hv_pci_allocate_bridge_windows(): "Need %#llx of low/high MMIO space. Consider reconfiguring the VM."
      EventPattern("hv_pci ", hvpci + "Need (0x[0-9a-f]+) of (low|high) MMIO space") {
        .hvPciNeedMmio(device: $0.string(1)!.lowercased(), bytes: $0.hex(2)!, high: $0.string(3) == "high")
      },
      EventPattern(
        "hv_pci ",
        hvpci
          + #"(Unable to map a virtual address for config space|PCI Pass-through VSP failed.*|PCI pass-through VSP failed.*|query resource requirements failed.*|resource allocated returned.*|Unable to use dom# .*)$"#
      ) { .hvPciFailure(device: $0.string(1)!.lowercased(), text: $0.string(2)!) },
      // drivers/pci/probe.c pci_register_host_bridge(): dev_info(parent, "PCI host bridge to bus %s")
      EventPattern("hv_pci ", hvpci + "PCI host bridge to bus ([0-9a-f]{4}:[0-9a-f]{2})") {
        .pciHostBridge(bus: $0.string(2)!, parent: "hv_pci " + $0.string(1)!.lowercased())
      },
      EventPattern("acpi ", #"^acpi (\S+): PCI host bridge to bus ([0-9a-f]{4}:[0-9a-f]{2})"#) {
        .pciHostBridge(bus: $0.string(2)!, parent: "acpi " + $0.string(1)!)
      },
      EventPattern("PCI host bridge to bus ", #"^PCI host bridge to bus ([0-9a-f]{4}:[0-9a-f]{2})"#) {
        .pciHostBridge(bus: $0.string(1)!, parent: nil)
      },
      // probe.c: dev_info(&bus->dev, "root bus resource %pR%s")
      EventPattern("pci_bus ", "^pci_bus ([0-9a-f]{4}:[0-9a-f]{2}): root bus resource " + Fragment.resource) {
        guard let r = $0.resource(2) else { return nil }
        return .pciRootBusResource(bus: $0.string(1)!, resource: r)
      },
    ]
  }

  /// Lines of the form `<driver> dddd:bb:dd.f: …`, whichever driver is bound.
  static func pciDevicePatterns() -> [EventPattern] {
    let dev = #"^\S+ "# + Fragment.bdf + ": "
    func bar(
      _ c: Captures, _ nameGroup: Int, _ resourceGroup: Int, _ action: BarAction, _ detail: String? = nil
    )
      -> EventKind?
    {
      guard let r = c.resource(resourceGroup) else { return nil }
      var name = c.string(nameGroup)!
      if let n = Int(name) { name = "BAR \(n)" }
      return .pciBar(
        address: c.string(1)!.lowercased(), bar: name, resource: r, action: action, detail: detail)
    }
    return [
      // probe.c pci_setup_device(): "[%04x:%04x] type %02x class %#08x[ %s]"
      EventPattern("", dev + #"\[([0-9a-f]{4}):([0-9a-f]{4})\] type [0-9a-f]{2} class (0x[0-9a-f]{6})"#) {
        .pciDevice(
          address: $0.string(1)!.lowercased(), vendor: $0.string(2)!, device: $0.string(3)!,
          classCode: $0.string(4)!)
      },
      // probe.c __pci_read_base() <= 6.7: "reg 0x%x: %pR"
      EventPattern("", dev + "reg (0x[0-9a-f]+): " + Fragment.resource) { c in
        guard let reg = c.hex(2), let r = c.resource(3) else { return nil }
        let name =
          reg == 0x30
          ? "ROM" : (0x10...0x24).contains(reg) ? "BAR \((reg - 0x10) / 4)" : "reg \(c.string(2)!)"
        return .pciBar(
          address: c.string(1)!.lowercased(), bar: name, resource: r, action: .probed, detail: nil)
      },
      // setup-res.c, old forms (<= 6.7)
      EventPattern("", dev + #"BAR (\d+): assigned "# + Fragment.resource) { bar($0, 2, 3, .assigned) },
      EventPattern("", dev + #"BAR (\d+): no space for "# + Fragment.resource) { bar($0, 2, 3, .noSpace) },
      EventPattern("", dev + #"BAR (\d+): failed to assign "# + Fragment.resource) {
        bar($0, 2, 3, .failedToAssign)
      },
      EventPattern("", dev + #"BAR (\d+): can't reserve "# + Fragment.resource) {
        bar($0, 2, 3, .cantReserve)
      },
      EventPattern("", dev + #"can't claim BAR (\d+) "# + Fragment.resource + ": (.*)$") {
        bar($0, 2, 3, .cantClaim, $0.string(4))
      },
      EventPattern("", dev + #"BAR (\d+): "# + Fragment.resource + " conflicts with (.*)$") {
        bar($0, 2, 3, .conflict, $0.string(4))
      },
      // 6.8+ forms: "%s %pR: assigned", "%s %pR: can't assign; no space", …
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": assigned") {
        bar($0, 2, 3, .assigned)
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": can't assign; no space") {
        bar($0, 2, 3, .noSpace)
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": failed to assign") {
        bar($0, 2, 3, .failedToAssign)
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": can't claim; (.*)$") {
        bar($0, 2, 3, .cantClaim, $0.string(4))
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + ": conflicts with (.*)$") {
        bar($0, 2, 3, .conflict, $0.string(4))
      },
      EventPattern("", dev + Fragment.barName + " " + Fragment.resource + "$") { bar($0, 2, 3, .probed) },
      // setup-bus.c (old): "  bridge window %pR"
      EventPattern("", dev + #"\s*(bridge window) "# + Fragment.resource + "$") { bar($0, 2, 3, .probed) },
    ]
  }
}
