import IomemParse

/// One incident's address map: an SVG with one column per kernel on the shared axis of
/// `AddressMap`, each finding's ranges hatched across the columns and linked to the finding,
/// and under it the table of the claims drawn, each box linking to its row (owner, size,
/// inference and evidence lines: the details a click shows, readable with scripts off and in
/// print).
struct MapFigure {
  let caption: String
  let graphs: [BootGraph]
  /// The findings of the page, numbered from 1 as their sections are.
  let findings: [Finding]
  /// Prefixes every id, so several VMs and figures share one page.
  let id: String
  let findingID: (Int) -> String

  static let column = 320.0
  static let gap = 20.0
  static let axis = 150.0
  static let gutter = 120.0
  static let top = 34.0

  func draw(_ w: inout HTMLWriter) {
    let hatched = findings.enumerated().flatMap { n, f in f.ranges.map { (n + 1, $0) } }
    let map = AddressMap(graphs, extra: hatched.map(\.1))
    let columnsWidth = Double(graphs.count) * (Self.column + Self.gap)
    let width = Self.axis + columnsWidth + (hatched.isEmpty ? 0 : Self.gutter)
    let height = map.height + Self.top + 10
    w.start("figure", [("id", id)])
    w.element("figcaption", [], caption)
    w.start(
      "svg",
      [
        ("xmlns", "http://www.w3.org/2000/svg"), ("width", fmt(width)), ("height", fmt(height)),
        ("viewBox", "0 0 \(fmt(width)) \(fmt(height))"), ("role", "img"), ("aria-label", caption),
      ])
    axis(&w, map, width: width)
    for (c, g) in graphs.enumerated() { column(&w, map, c, g, hatched) }
    findingTags(&w, map, hatched, x: Self.axis + columnsWidth)
    w.end()
    claimsTable(&w, map)
    w.end()
  }

  /// Addresses at region boundaries (where there is room), collapsed gaps, the 4 GiB line.
  private func axis(_ w: inout HTMLWriter, _ map: AddressMap, width: Double) {
    var lastLabel = -100.0
    for (i, address) in map.boundaries.enumerated() {
      let y = map.ys[i] + Self.top
      if address == 1 << 32 {
        w.empty(
          "line", [("class", "four-gib"), ("x1", "0"), ("x2", fmt(width)), ("y1", fmt(y)), ("y2", fmt(y))])
        w.element("text", [("class", "four-gib-label"), ("x", "2"), ("y", fmt(y - 2))], "4 GiB")
      }
      if y - lastLabel >= 11 {
        w.element(
          "text",
          [("class", "address"), ("x", fmt(Self.axis - 6)), ("y", fmt(y + 4)), ("text-anchor", "end")],
          "0x" + hex(address))
        lastLabel = y
      }
      if map.gaps.contains(i) {
        w.element("text", [("class", "gap"), ("x", fmt(Self.axis + 4)), ("y", fmt(y + 8))], "⋯")
      }
    }
  }

  /// One kernel: its boxes, the findings' hatches over them, then the labels, so nothing hides
  /// a label; labels that would write over another move down inside their box or are left to
  /// the tooltip and the table.
  private func column(
    _ w: inout HTMLWriter, _ map: AddressMap, _ c: Int, _ g: BootGraph, _ hatched: [(Int, AddressRange)]
  ) {
    let x0 = Self.axis + Double(c) * (Self.column + Self.gap)
    w.element("text", [("class", "column-title"), ("x", fmt(x0)), ("y", "12")], Self.title(g))
    w.element(
      "text", [("class", "column-source"), ("x", fmt(x0)), ("y", "24")],
      Self.fit(Self.place(g), width: Self.column))
    let regions = map.columns[c]
    let approximated = !regions.contains { $0.claim.kind == .vmbusWindow }
    for (n, region) in regions.enumerated() {
      let claim = region.claim
      let (t, b) = map.span(claim.range)
      let x = x0 + Double(region.depth) * 12
      w.start("a", [("href", "#\(id)-claim-\(c + 1)-\(n + 1)")])
      w.start(
        "g",
        [
          ("class", "region k-\(claim.kind.rawValue) \(claim.certainty.rawValue)"),
          ("data-kind", claim.kind.rawValue),
          ("data-start", "0x" + hex(claim.range.start)), ("data-end", "0x" + hex(claim.range.end)),
          ("data-owner", claim.owner.description), ("data-certainty", claim.certainty.rawValue),
          ("data-kernel", g.role.rawValue),
        ])
      w.element("title", [], tooltip(claim, approximated: approximated))
      let box: [(StaticString, String)] = [
        ("x", fmt(x)), ("y", fmt(t + Self.top)), ("width", fmt(Self.column - Double(region.depth) * 12)),
        ("height", fmt(max(b - t, 2))),
      ]
      w.empty("rect", [("class", "box")] + box)
      if let texture = ClaimLegend.texture(claim.kind) {
        w.empty("rect", [("class", "texture"), ("fill", "url(#\(texture))")] + box)
      }
      w.end()
      w.end()
    }
    for (n, range) in hatched {
      let (t, b) = map.span(range)
      w.start("a", [("href", "#\(findingID(n))")])
      w.empty(
        "rect",
        [
          ("class", "hatch"), ("data-finding", findingID(n)), ("x", fmt(x0 - 4)), ("y", fmt(t + Self.top)),
          ("width", fmt(Self.column + 8)), ("height", fmt(max(b - t, 2))),
        ])
      w.end()
    }
    var placed = LabelSpace()
    for region in regions {
      let claim = region.claim
      let (t, b) = map.span(claim.range)
      guard b - t >= 12 else { continue }
      let indent = Double(region.depth) * 12
      let label =
        "\(claim.kind.rawValue.replacingUnderscores) \(ByteSize.human(claim.range.size))"
        + (claim.owner.description.isEmpty ? "" : " · \(claim.owner)")
        + (claim.certainty == .inferred ? " (inferred)" : "")
        + (claim.kind == .pciRootBusWindow && approximated ? " ≈ MMIO window" : "")
      let text = Self.fit(label, width: Self.column - indent - 8)
      let textWidth = Double(text.count) * 6.7
      // A box with a box inside it that starts at the same address labels at its bottom right.
      let outer = regions.contains { $0.depth > region.depth && $0.claim.range.start == claim.range.start }
      let left = outer ? x0 + Self.column - 4 - textWidth : x0 + indent + 4
      let first = outer ? t + Self.top + max(b - t, 12) - 3 : t + Self.top + 12
      guard
        let y = placed.place(
          x: left, width: textWidth, y: first, step: outer ? -12 : 12, within: (t + Self.top, b + Self.top))
      else { continue }
      w.element(
        "text", [("class", "label"), ("x", fmt(left)), ("y", fmt(y))], text)
    }
  }

  /// Beside the last column, each hatch's finding by rule and severity, linked to it.
  private func findingTags(
    _ w: inout HTMLWriter, _ map: AddressMap, _ hatched: [(Int, AddressRange)], x: Double
  ) {
    var placed = LabelSpace()
    var tagged = Set<Int>()
    for (n, range) in hatched where !tagged.contains(n) {
      let t = map.span(range).top
      let f = findings[n - 1]
      guard
        let y = placed.place(
          x: x, width: Self.gutter, y: t + Self.top + 11, step: 12,
          within: (t + Self.top, map.height + Self.top))
      else { continue }
      tagged.insert(n)
      w.start("a", [("href", "#\(findingID(n))")])
      w.element(
        "text", [("class", "finding-tag sev-\(f.severity.rawValue)"), ("x", fmt(x)), ("y", fmt(y))],
        "◀ \(n). \(f.rule) \(f.severity.rawValue)")
      w.end()
    }
  }

  /// Every box of the figure as a row: what a click on it opens.
  private func claimsTable(_ w: inout HTMLWriter, _ map: AddressMap) {
    w.start("table", [("class", "claims")])
    w.element("caption", [], "The claims drawn above (click a box to come here)")
    w.start("thead")
    w.start("tr")
    for heading in ["kernel", "kind", "range", "size", "owner", "seen or inferred", "lines"] {
      w.element("th", [], heading)
    }
    w.end()
    w.end()
    w.start("tbody")
    for (c, g) in graphs.enumerated() {
      let approximated = !map.columns[c].contains { $0.claim.kind == .vmbusWindow }
      for (n, region) in map.columns[c].enumerated() {
        let claim = region.claim
        w.start("tr", [("id", "\(id)-claim-\(c + 1)-\(n + 1)"), ("data-kind", claim.kind.rawValue)])
        w.element("td", [], Self.title(g))
        w.element("td", [], claim.kind.rawValue.replacingUnderscores)
        w.element("td", [("class", "hex")], claim.range.hex)
        w.element("td", [], ByteSize.human(claim.range.size))
        w.element("td", [], claim.owner.description.isEmpty ? "—" : claim.owner.description)
        w.element("td", [], certainty(claim, approximated: approximated))
        w.start("td")
        for p in claim.provenance.prefix(6) { w.element("pre", [], "\(p): \(p.text)") }
        if claim.provenance.count > 6 { w.element("p", [], "and \(claim.provenance.count - 6) more lines") }
        w.end()
        w.end()
      }
    }
    w.end()
    w.end()
  }

  private func certainty(_ c: ResourceClaim, approximated: Bool) -> String {
    var text = c.certainty == .inferred ? "inferred: \(c.reasoning ?? "allocation rules")" : "seen"
    if c.kind == .pciRootBusWindow && approximated {
      text +=
        "; stands in for the VMBus MMIO window, which /proc/iomem does not show and no hv_mmio= line gives"
    }
    return text
  }

  private func tooltip(_ c: ResourceClaim, approximated: Bool) -> String {
    var lines = [
      "\(c.kind.rawValue.replacingUnderscores): \(c.range.sizeFirst)",
      "owner: \(c.owner.description.isEmpty ? "—" : c.owner.description)",
      certainty(c, approximated: approximated),
    ]
    lines += c.provenance.prefix(4).map { "\($0): \($0.text)" }
    return lines.joined(separator: "\n")
  }

  /// `first kernel` / `kdump kernel` / `kernel of unknown role`.
  static func title(_ g: BootGraph) -> String {
    switch g.role {
    case .first: "first kernel"
    case .kdump: "kdump kernel"
    case .unknown: "kernel of unknown role"
    }
  }

  /// `serial-console.log boot 1`: the file's name, not its path.
  private static func place(_ g: BootGraph) -> String {
    let name = g.source.split(separator: "/").last.map(String.init) ?? g.source
    return g.boot.map { "\(name) boot \($0.index)" } ?? name
  }

  /// Text cut to what `width` pixels of 11px monospace hold.
  private static func fit(_ text: String, width: Double) -> String {
    let room = Int(width / 6.7)
    return text.count <= room ? text : String(text.prefix(max(room - 1, 1))) + "…"
  }
}

/// The lines of text already written in one column, so a new label finds a free line.
private struct LabelSpace {
  private var taken: [(y: Double, x0: Double, x1: Double)] = []

  /// The first baseline from `y` in steps of `step`, inside `within`, where a label of `width`
  /// at `x` touches no other; nil when there is none.
  mutating func place(x: Double, width: Double, y: Double, step: Double, within: (Double, Double)) -> Double?
  {
    var y = y
    while y - 9 >= within.0 - 0.5 && y <= within.1 + 0.5 {
      if !taken.contains(where: { abs($0.y - y) < 11 && $0.x0 < x + width && x < $0.x1 }) {
        taken.append((y, x, x + width))
        return y
      }
      y += step
    }
    return nil
  }
}

/// A coordinate to one decimal, without a trailing `.0`.
private func fmt(_ v: Double) -> String {
  let r = (v * 10).rounded() / 10
  return r == r.rounded() ? String(Int(r)) : String(r)
}

private func hex(_ v: UInt64) -> String { String(v, radix: 16) }
