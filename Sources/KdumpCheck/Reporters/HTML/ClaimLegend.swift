/// What each kind of box means and how it is told apart without colour: a texture per kind
/// (dots, grid, lines in one direction or another) over its colour, so the map reads in print
/// and in grey. The patterns are defined once per page (`definitions`) and shared by its maps.
enum ClaimLegend {
  /// The kinds in the order the legend lists them: memory, then windows, the framebuffer, hv_pci.
  static let kinds: [ClaimKind] = [
    .ram, .crashKernel, .swiotlb, .vmbusWindow, .pciRootBusWindow, .firmwareFramebuffer,
    .framebufferReservation, .gen1FramebufferBar, .videoVRAM, .hvPciConfigWindow, .hvPciBusWindow, .pciBar,
    .vmbusAllocation,
  ]

  /// What a box of this kind is, in a few words.
  static func meaning(_ kind: ClaimKind) -> String {
    switch kind {
    case .ram: "System RAM"
    case .crashKernel: "memory reserved for the kdump kernel (crashkernel=)"
    case .swiotlb: "swiotlb bounce buffers"
    case .vmbusWindow: "VMBus MMIO window (hv_mmio=; not in /proc/iomem)"
    case .pciRootBusWindow: "PCI root bus window (stands in for the VMBus window when hv_mmio= is not logged)"
    case .firmwareFramebuffer: "framebuffer the firmware set up (efifb, simpledrm, simplefb)"
    case .framebufferReservation: "range vmbus_reserve_fb() keeps for the framebuffer"
    case .gen1FramebufferBar: "Gen1 video device's BAR0 (PCI 1414:5353)"
    case .videoVRAM: "VRAM hyperv_drm or hyperv_fb allocated and gave the host"
    case .hvPciConfigWindow: "hv_pci's 8 KiB config window"
    case .hvPciBusWindow: "hv_pci bus window"
    case .pciBar: "BAR of a passthrough PCI device"
    case .vmbusAllocation: "other vmbus_allocate_mmio() claim"
    case .reserved, .other: "other claim"
    }
  }

  /// The id of the texture drawn over a box of this kind; nil for the plain windows.
  static func texture(_ kind: ClaimKind) -> StaticString? {
    switch kind {
    case .ram: "tx-dots"
    case .crashKernel: "tx-grid"
    case .swiotlb: "tx-dashes"
    case .firmwareFramebuffer: "tx-rows-wide"
    case .framebufferReservation: "tx-rows"
    case .gen1FramebufferBar: "tx-rows-dense"
    case .videoVRAM: "tx-columns"
    case .hvPciConfigWindow: "tx-cross"
    case .hvPciBusWindow: "tx-back"
    case .pciBar: "tx-columns-wide"
    case .vmbusAllocation: "tx-plus"
    case .vmbusWindow, .pciRootBusWindow, .reserved, .other: nil
    }
  }

  /// A hidden SVG holding the page's patterns: the textures and the findings' hatch.
  static func definitions(_ w: inout HTMLWriter) {
    w.start("svg", [("class", "definitions"), ("width", "0"), ("height", "0"), ("aria-hidden", "true")])
    w.start("defs")
    pattern(&w, "hatch", size: 8, rotate: true) {
      $0.empty("line", [("class", "hatch-line"), ("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "8")])
    }
    pattern(&w, "tx-dots", size: 6) { $0.empty("circle", [("cx", "3"), ("cy", "3"), ("r", "0.9")]) }
    pattern(&w, "tx-grid", size: 6) {
      $0.empty("path", [("d", "M0 0H6M0 0V6")])
    }
    pattern(&w, "tx-dashes", size: 8) { $0.empty("path", [("d", "M1 4H5")]) }
    pattern(&w, "tx-rows-wide", size: 8) { $0.empty("path", [("d", "M0 4H2M4 4H6")]) }
    pattern(&w, "tx-rows", size: 6) { $0.empty("path", [("d", "M0 3H6")]) }
    pattern(&w, "tx-rows-dense", size: 3) { $0.empty("path", [("d", "M0 1.5H3")]) }
    pattern(&w, "tx-columns", size: 4) { $0.empty("path", [("d", "M2 0V4")]) }
    pattern(&w, "tx-columns-wide", size: 8) { $0.empty("path", [("d", "M4 0V8")]) }
    pattern(&w, "tx-cross", size: 6) { $0.empty("path", [("d", "M0 0L6 6M6 0L0 6")]) }
    pattern(&w, "tx-back", size: 6) { $0.empty("path", [("d", "M6 0L0 6M0 0L-1 1M7 5L5 7")]) }
    pattern(&w, "tx-plus", size: 8) { $0.empty("path", [("d", "M2 4H6M4 2V6")]) }
    w.end()
    w.end()
  }

  private static func pattern(
    _ w: inout HTMLWriter, _ id: StaticString, size: Int, rotate: Bool = false,
    _ body: (inout HTMLWriter) -> Void
  ) {
    var attributes: [(StaticString, String)] = [
      ("id", "\(id)"), ("width", String(size)), ("height", String(size)), ("patternUnits", "userSpaceOnUse"),
    ]
    if rotate { attributes.append(("patternTransform", "rotate(45)")) }
    w.start("pattern", attributes)
    body(&w)
    w.end()
  }

  /// The legend of a page: a swatch for each kind its maps draw, then seen and inferred, a
  /// finding's hatch and the 4 GiB line.
  static func legend(_ w: inout HTMLWriter, kinds drawn: Set<ClaimKind>) {
    w.start("ul", [("class", "legend")])
    for kind in kinds where drawn.contains(kind) {
      w.start("li", [("data-kind", kind.rawValue)])
      swatch(&w, "region k-\(kind.rawValue) seen", texture: texture(kind))
      w.element("b", [], kind.rawValue.replacingUnderscores)
      w.text(": " + meaning(kind))
      w.end()
    }
    w.start("li")
    swatch(&w, "region k-other inferred", texture: nil)
    w.text("dashed and pale: inferred from the allocation rules, not seen (the table says from what)")
    w.end()
    w.start("li")
    swatch(&w, "hatch", texture: nil)
    w.text("red hatch: the range of a finding, in every kernel's column; click it for the finding")
    w.end()
    w.start("li")
    w.text("⋯ an address gap no claim covers, collapsed; the dashed rule across the map is 4 GiB")
    w.end()
    w.end()
  }

  private static func swatch(_ w: inout HTMLWriter, _ classes: String, texture: StaticString?) {
    w.start("svg", [("class", "swatch"), ("width", "30"), ("height", "14"), ("aria-hidden", "true")])
    w.start("g", [("class", classes)])
    let box: [(StaticString, String)] = [("x", "1"), ("y", "1"), ("width", "28"), ("height", "12")]
    w.empty("rect", [("class", "box")] + box)
    if let texture { w.empty("rect", [("class", "texture"), ("fill", "url(#\(texture))")] + box) }
    w.end()
    w.end()
  }
}
