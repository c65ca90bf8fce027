import IomemParse

/// The terminal's picture of a finding that compares ranges: the first and the kdump kernel's
/// claims in the finding's region, in two aligned columns with addresses and sizes, the rows
/// inside the finding's ranges marked — at most 12 lines. Box-drawing and arrows only when
/// `unicode` (a UTF-8 locale), plain ASCII otherwise.
public enum TextMap {
  static let maxRows = 10
  static let cell = 40

  static func render(_ finding: Finding, in capture: Capture, unicode: Bool) -> String? {
    guard !finding.ranges.isEmpty, let (first, kdump) = kernels(for: finding, in: capture) else { return nil }
    let low = finding.ranges.map(\.start).min()!
    let high = finding.ranges.map(\.end).max()!
    func claims(_ g: BootGraph) -> [ResourceClaim] {
      var out: [ResourceClaim] = []
      for c in g.claims where label(c.kind) != nil && c.range.start <= high && c.range.end >= low {
        if !out.contains(where: { $0.kind == c.kind && $0.range == c.range }) { out.append(c) }
      }
      return out
    }
    let left = claims(first)
    let right = claims(kdump)
    let starts = Set((left + right).map(\.range.start)).sorted()
    guard !starts.isEmpty else { return nil }
    let bar = unicode ? "│" : "|"
    let mark = unicode ? "▶" : ">"
    var lines = [
      "  map" + String(repeating: " ", count: 12) + pad("first kernel", cell) + " " + bar + " kdump kernel"
    ]
    for start in starts.prefix(starts.count > maxRows ? maxRows - 1 : maxRows) {
      let l = left.filter { $0.range.start == start }
      let r = right.filter { $0.range.start == start }
      let inFinding = finding.ranges.contains { $0.contains(start) }
      lines.append(
        "  \(inFinding ? mark : " ") " + pad("0x" + String(start, radix: 16), 13) + pad(describe(l), cell)
          + " " + bar
          + " " + describe(r))
    }
    if starts.count > maxRows {
      lines.append(
        "    " + (unicode ? "…" : "...") + " \(starts.count - maxRows + 1) more starts in this region")
    }
    lines.append(
      "    \(mark) marks rows inside the finding's ranges ("
        + finding.ranges.map(\.hex).joined(separator: ", ") + ")")
    return lines.map { $0.trimmingTrailingSpaces() }.joined(separator: "\n") + "\n"
  }

  /// The kernels of the incident the finding is about: the one whose kernels its evidence
  /// lines belong to, among a long log's earlier incidents too.
  private static func kernels(for f: Finding, in capture: Capture) -> (BootGraph, BootGraph)? {
    let pairs =
      capture.pairs.map { (capture.graphs[$0.first], capture.graphs[$0.kdump]) }
      + (capture.earlier?.findingIncidents ?? [])
    return pairs.first { first, kdump in
      f.evidence.contains { e in
        [first, kdump].contains { g in
          g.boot?.holds(e.provenance) == true || g.iomem.map { $0.source == e.provenance.source } == true
        }
      }
    } ?? pairs.first
  }

  private static func describe(_ claims: [ResourceClaim]) -> String {
    let text = claims.map { c in
      "\(label(c.kind)!) \(ByteSize.human(c.range.size))\(c.certainty == .inferred ? " (inferred)" : "")"
    }.joined(separator: ", ")
    return text.count <= cell ? text : String(text.prefix(cell - 1)) + "~"
  }

  private static func label(_ kind: ClaimKind) -> String? {
    switch kind {
    case .videoVRAM: "VRAM"
    case .framebufferReservation: "fb reservation"
    case .gen1FramebufferBar: "BAR0"
    case .firmwareFramebuffer: "firmware fb"
    case .hvPciConfigWindow: "hv_pci config"
    case .hvPciBusWindow: "hv_pci window"
    case .pciBar: "PCI BAR"
    case .vmbusAllocation: "VMBus alloc"
    case .crashKernel: "crash kernel"
    case .swiotlb: "swiotlb"
    default: nil
    }
  }

  private static func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
  }
}

extension TextMap {
  /// `parse --format map`: one kernel's claims from one dump down the address space — nested
  /// claims indented, empty stretches shown as gaps, the 4 GiB line drawn.
  public static func render(dump capture: Capture, unicode: Bool) -> String {
    var out = ""
    for g in capture.graphs where g.iomem != nil {
      out += "\(g.iomemSource ?? g.source): \(g.role.rawValue) kernel\n"
      var claims: [ResourceClaim] = []
      for c in g.claims where AddressMap.shownKinds.contains(c.kind) {
        if !claims.contains(where: { $0.kind == c.kind && $0.range == c.range }) { claims.append(c) }
      }
      claims.sort {
        ($0.range.start, UInt64.max - $0.range.end) < ($1.range.start, UInt64.max - $1.range.end)
      }
      var reach: UInt64?
      var crossed = false
      for c in claims {
        let depth = claims.filter { $0.range != c.range && $0.range.contains(c.range) }.count
        if depth == 0, let end = reach, c.range.start > end + 1 {
          out += "  \(unicode ? "⋯" : "...") \(ByteSize.human(c.range.start - end - 1)) unclaimed\n"
        }
        if !crossed, c.range.start >= 1 << 32 {
          out += unicode ? "  ─── 4 GiB ───\n" : "  --- 4 GiB ---\n"
          crossed = true
        }
        if depth == 0 { reach = max(reach ?? 0, c.range.end) }
        let indent = String(repeating: unicode ? "│ " : "| ", count: depth)
        let owner = c.owner.description.isEmpty ? "" : " · \(c.owner)"
        out +=
          "  " + pad("0x" + String(c.range.start, radix: 16), 13) + indent
          + "\(label(c.kind) ?? c.kind.rawValue.replacingUnderscores) \(ByteSize.human(c.range.size))\(owner)"
          + (c.certainty == .inferred ? " (inferred)" : "") + "\n"
      }
    }
    return out
  }
}
