import IomemParse

/// `check --format html`: one self-contained page (inline CSS and SVG, no script, nothing
/// loaded) per VM — the verdict and the findings first, then per incident both kernels'
/// claims on one physical axis, the range of each finding hatched in both columns and linked to
/// it, then the inputs. Every text and attribute goes through `HTMLWriter`'s escaping.
public enum HTMLReporter {
  public static func render(_ report: CheckReport) -> String {
    document(
      title: "iomem-audit: "
        + report.vms.map { "\($0.id.isEmpty ? "VM" : $0.id) \($0.verdict.rawValue)" }.joined(separator: ", ")
    ) { w in
      for (n, vm) in report.vms.enumerated() { page(&w, vm, index: n) }
    }
  }

  /// A fleet as a small site (`check --format html --output DIR`): `index.html`, a table of the
  /// VMs in input order, and one page per VM (`vm-0001.html`…), so thousands stay browsable.
  public static func site(_ report: CheckReport) -> [(file: String, html: String)] {
    let pages = report.vms.enumerated().map { n, vm in
      (
        file: "vm-" + String(repeating: "0", count: max(0, 4 - String(n + 1).count)) + String(n + 1)
          + ".html",
        html: document(title: "iomem-audit: \(vm.id.isEmpty ? "VM" : vm.id) \(vm.verdict.rawValue)") { w in
          w.start("p")
          w.element("a", [("href", "index.html")], "← all VMs")
          w.end()
          page(&w, vm, index: 0)
        }
      )
    }
    let index = document(title: "iomem-audit: \(report.vms.count) VMs", script: true) { w in
      w.element("h1", [], "\(report.vms.count) VMs")
      w.element("p", [("class", "reason")], report.summary)
      w.start("table", [("class", "vms")])
      w.start("thead")
      w.start("tr")
      for heading in ["VM", "verdict", "platform", "kernels", "errors", "warnings", "notes", "info", "rules"]
      {
        w.element("th", [], heading)
      }
      w.end()
      w.end()
      w.start("tbody")
      for (n, (vm, page)) in zip(report.vms, pages).enumerated() {
        var rules: [String] = []
        for f in vm.findings where !rules.contains(f.rule) { rules.append(f.rule) }
        w.start(
          "tr",
          [
            ("class", "verdict-\(vm.verdict.rawValue)"), ("data-verdict", vm.verdict.rawValue),
            ("data-rules", rules.joined(separator: " ")), ("data-order", String(n)),
          ])
        w.start("td")
        w.element("a", [("href", page.file)], vm.id.isEmpty ? "VM" : vm.id)
        w.end()
        // Sorted ascending, the worst verdict comes first.
        w.element("td", [("class", "verdict"), ("data-sort", String(-vm.verdict.rank))], vm.verdict.rawValue)
        w.element("td", [], vm.capture.platform.summary)
        var kernels: [String] = []
        for g in vm.capture.graphs {
          if let release = g.boot?.kernelVersion, !kernels.contains(release) { kernels.append(release) }
        }
        w.element("td", [], kernels.joined(separator: ", "))
        for severity in Severity.allCases.reversed() {
          let count = String(vm.count(severity))
          w.element("td", [("class", "count"), ("data-sort", count)], count)
        }
        w.element("td", [], rules.joined(separator: ", "))
        w.end()
      }
      w.end()
      w.end()
    }
    return [(file: "index.html", html: index)] + pages
  }

  /// The page around a body: doctype, charset, the policy, the style. The policy loads nothing
  /// and runs nothing but, where `script` is set, `FleetIndexScript` by its hash.
  private static func document(
    title: String, script: Bool = false, _ body: (inout HTMLWriter) -> Void
  ) -> String {
    var w = HTMLWriter()
    w.trusted("<!DOCTYPE html>\n")
    w.start("html", [("lang", "en")])
    w.start("head")
    w.empty("meta", [("charset", "utf-8")])
    w.empty(
      "meta",
      [
        ("http-equiv", "Content-Security-Policy"),
        (
          "content",
          "default-src 'none'; style-src 'unsafe-inline'"
            + (script ? "; script-src \(FleetIndexScript.hash)" : "")
        ),
      ])
    w.element("title", [], title)
    w.start("style")
    w.trusted(style)
    w.end()
    w.end()
    w.start("body")
    body(&w)
    if script {
      w.start("script")
      w.trusted(FleetIndexScript.source)
      w.end()
    }
    w.end()
    w.end()
    return w.output + "\n"
  }

  private static func page(_ w: inout HTMLWriter, _ vm: VMReport, index: Int) {
    let prefix = report(index)
    w.start("section", [("class", "vm verdict-\(vm.verdict.rawValue)"), ("id", "\(prefix)vm")])
    w.element("h1", [], "\(vm.id.isEmpty ? "VM" : vm.id): \(vm.verdict.rawValue.uppercased())")
    w.element("p", [("class", "reason")], vm.verdictReason)
    w.element("p", [("class", "platform")], "platform: \(vm.capture.platform.summary)")
    w.start("section", [("class", "findings")])
    w.element("h2", [], "Findings (\(vm.findings.count))")
    for (n, f) in vm.findings.enumerated() { finding(&w, f, id: "\(prefix)finding-\(n + 1)") }
    w.end()
    w.start("section", [("class", "maps")])
    w.element("h2", [], "Address map")
    let capture = vm.capture
    let figures: [(String, [BootGraph])] =
      capture.pairs.isEmpty
      ? capture.graphs.filter { !$0.claims.isEmpty }.map { ($0.label, [$0]) }
      : capture.pairs.enumerated().map { n, pair in
        (
          "incident \(n + 1): \(capture.graphs[pair.first].label) → \(capture.graphs[pair.kdump].label)",
          [capture.graphs[pair.first], capture.graphs[pair.kdump]]
        )
      }
    if figures.isEmpty { w.element("p", [], "No claim with an address is in the captures.") }
    for (caption, graphs) in figures { figure(&w, caption, graphs, vm.findings, prefix: prefix) }
    legend(&w)
    w.end()
    w.start("section", [("class", "inputs")])
    w.element("h2", [], "Inputs")
    w.start("ul")
    for a in capture.artifacts {
      w.element(
        "li", [("data-kind", a.kind.rawValue), ("data-kernel", a.kernel.rawValue)],
        "\(a.source) \(a.lineSpan): \(a.kernel.rawValue) kernel — \(a.reason)")
    }
    w.end()
    w.end()
    w.end()
  }

  private static func report(_ index: Int) -> String { index == 0 ? "" : "vm\(index + 1)-" }

  private static func finding(_ w: inout HTMLWriter, _ f: Finding, id: String) {
    w.start("article", [("class", "finding sev-\(f.severity.rawValue)"), ("id", id), ("data-rule", f.rule)])
    w.element(
      "h3", [], "\(f.rule) \(f.severity.rawValue) [\(RuleRegistry.rule(id: f.rule)?.description.name ?? "")]")
    w.element("p", [("class", "message")], f.message)
    if !f.ranges.isEmpty {
      w.element("p", [("class", "ranges")], "ranges: " + f.ranges.map(\.sizeFirst).joined(separator: "; "))
    }
    w.element("h4", [], "Evidence")
    w.start("ul", [("class", "evidence")])
    for e in f.evidence {
      w.start("li")
      w.element(
        "span", [("class", "where")],
        "\(e.provenance) (boot \(e.boot), \(e.role.rawValue))" + (e.note.map { " — \($0)" } ?? ""))
      w.element("pre", [], e.provenance.text)
      w.end()
    }
    w.end()
    w.element("h4", [], "What to do")
    w.element("p", [("class", "remediation")], f.remediation)
    if !f.missing.isEmpty {
      w.element("h4", [], "To confirm, capture")
      w.start("ul")
      for m in f.missing { w.element("li", [], m) }
      w.end()
    }
    w.end()
  }

  static let column = 320.0
  static let axis = 150.0

  private static func figure(
    _ w: inout HTMLWriter, _ caption: String, _ graphs: [BootGraph], _ findings: [Finding], prefix: String
  ) {
    let hatched = findings.enumerated().flatMap { n, f in f.ranges.map { (n + 1, $0) } }
    let map = AddressMap(graphs, extra: hatched.map(\.1))
    let top = 34.0
    let width = axis + Double(graphs.count) * (column + 20)
    let height = map.height + top + 10
    w.start("figure")
    w.element("figcaption", [], caption)
    w.start(
      "svg",
      [
        ("xmlns", "http://www.w3.org/2000/svg"), ("width", fmt(width)), ("height", fmt(height)),
        ("viewBox", "0 0 \(fmt(width)) \(fmt(height))"), ("role", "img"), ("aria-label", caption),
      ])
    defs(&w)
    // The axis: addresses at region boundaries, the 4 GiB line.
    var lastLabel = -100.0
    for (i, address) in map.boundaries.enumerated() {
      let y = map.ys[i] + top
      if address == 1 << 32 {
        w.empty(
          "line", [("class", "four-gib"), ("x1", "0"), ("x2", fmt(width)), ("y1", fmt(y)), ("y2", fmt(y))])
        w.element(
          "text",
          [("class", "four-gib-label"), ("x", fmt(width - 4)), ("y", fmt(y - 2)), ("text-anchor", "end")],
          "4 GiB")
      }
      if y - lastLabel >= 11 {
        w.element(
          "text", [("class", "address"), ("x", fmt(axis - 6)), ("y", fmt(y + 4)), ("text-anchor", "end")],
          "0x" + hex(address))
        lastLabel = y
      }
      if map.gaps.contains(i) {
        w.element("text", [("class", "gap"), ("x", fmt(axis + 4)), ("y", fmt(y + 8))], "⋯")
      }
    }
    // Three passes so nothing hides a label: the boxes, the findings' hatches, the labels.
    for (c, g) in graphs.enumerated() {
      let x0 = axis + Double(c) * (column + 20)
      w.element("text", [("class", "column-title"), ("x", fmt(x0)), ("y", "12")], Self.title(g))
      w.element(
        "text", [("class", "column-source"), ("x", fmt(x0)), ("y", "24")],
        Self.fit(Self.place(g), width: column))
      for region in map.columns[c] {
        let claim = region.claim
        let (t, b) = map.span(claim.range)
        let x = x0 + Double(region.depth) * 12
        w.start(
          "g",
          [
            ("class", "region k-\(claim.kind.rawValue) \(claim.certainty.rawValue)"),
            ("data-kind", claim.kind.rawValue),
            ("data-start", "0x" + hex(claim.range.start)), ("data-end", "0x" + hex(claim.range.end)),
            ("data-owner", claim.owner.description), ("data-certainty", claim.certainty.rawValue),
            ("data-kernel", g.role.rawValue),
          ])
        w.element("title", [], tooltip(claim))
        w.empty(
          "rect",
          [
            ("x", fmt(x)), ("y", fmt(t + top)), ("width", fmt(column - Double(region.depth) * 12)),
            ("height", fmt(max(b - t, 2))),
          ])
        w.end()
      }
      for (n, range) in hatched {
        let (t, b) = map.span(range)
        w.start("a", [("href", "#\(prefix)finding-\(n)")])
        w.empty(
          "rect",
          [
            ("class", "hatch"), ("data-finding", "\(prefix)finding-\(n)"), ("x", fmt(x0 - 4)),
            ("y", fmt(t + top)),
            ("width", fmt(column + 8)), ("height", fmt(max(b - t, 2))),
          ])
        w.end()
      }
      for region in map.columns[c] {
        let claim = region.claim
        let (t, b) = map.span(claim.range)
        guard b - t >= 12 else { continue }
        let indent = Double(region.depth) * 12
        let label =
          "\(claim.kind.rawValue.replacingUnderscores) \(ByteSize.human(claim.range.size))"
          + (claim.owner.description.isEmpty ? "" : " · \(claim.owner)")
          + (claim.certainty == .inferred ? " (inferred)" : "")
        // A box with a box inside it starting at the same address labels at its bottom right,
        // so the two labels do not write over each other.
        let column_ = map.columns[c]
        func isOuter(_ r: AddressMap.Region) -> Bool {
          column_.contains { $0.depth > r.depth && $0.claim.range.start == r.claim.range.start }
        }
        let outer = isOuter(region)
        // Bottom labels of boxes ending together stack upwards, outermost lowest.
        let below = column_.filter {
          $0.depth < region.depth && $0.claim.range.end == claim.range.end && isOuter($0)
        }.count
        w.element(
          "text",
          [
            ("class", "label"), ("x", fmt(outer ? x0 + column - 4 : x0 + indent + 4)),
            ("y", fmt(t + top + (outer ? max(b - t, 12) - 3 - 12 * Double(below) : 12))),
            ("text-anchor", outer ? "end" : "start"),
          ], Self.fit(label, width: column - indent - 8))
      }
    }
    w.end()
    w.end()
  }

  /// `first kernel` / `kdump kernel` / `kernel of unknown role`.
  private static func title(_ g: BootGraph) -> String {
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

  private static func tooltip(_ c: ResourceClaim) -> String {
    var lines = [
      "\(c.kind.rawValue.replacingUnderscores): \(c.range.sizeFirst)",
      "owner: \(c.owner.description.isEmpty ? "—" : c.owner.description)",
      c.certainty == .inferred ? "inferred: \(c.reasoning ?? "allocation rules")" : "seen",
    ]
    lines += c.provenance.prefix(4).map { "\($0): \($0.text)" }
    return lines.joined(separator: "\n")
  }

  private static func defs(_ w: inout HTMLWriter) {
    w.start("defs")
    w.start(
      "pattern",
      [
        ("id", "hatch"), ("width", "8"), ("height", "8"), ("patternUnits", "userSpaceOnUse"),
        ("patternTransform", "rotate(45)"),
      ])
    w.empty("line", [("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "8"), ("class", "hatch-line")])
    w.end()
    w.start("pattern", [("id", "dots"), ("width", "6"), ("height", "6"), ("patternUnits", "userSpaceOnUse")])
    w.empty("circle", [("cx", "3"), ("cy", "3"), ("r", "1"), ("class", "dot")])
    w.end()
    w.end()
  }

  private static func legend(_ w: inout HTMLWriter) {
    w.start("p", [("class", "legend")])
    w.text(
      "Each box is a claim, labelled with its kind, size and owner; hover for its lines. Solid boxes are seen in a log or /proc/iomem, dashed outlines are inferred from the allocation rules. Hatched bands are the ranges of findings (click to jump to the finding). Gaps no claim covers are collapsed (⋯); the dashed line is 4 GiB."
    )
    w.end()
  }

  private static func fmt(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(r)
  }

  private static func hex(_ v: UInt64) -> String { String(v, radix: 16) }

  private static let style: StaticString = """
    body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#111}
    h1{font-size:1.4em} .verdict-broken h1{color:#a00} .verdict-at-risk h1{color:#a60}
    .finding{border-left:4px solid #999;padding:.2em 1em;margin:1em 0}
    .sev-error{border-color:#c00} .sev-warning{border-color:#d80} .sev-note{border-color:#48c}
    pre{background:#f4f4f4;padding:.3em;white-space:pre-wrap;word-break:break-all;margin:.2em 0}
    .where{font-family:monospace;font-size:.9em}
    svg text{font:11px monospace} .column-title{font-weight:bold} .column-source{fill:#555}
    .label{paint-order:stroke;stroke:#fff;stroke-width:3px}
    .region rect{stroke:#333;stroke-width:.8}
    .region.inferred rect{stroke-dasharray:4 3;fill-opacity:.25}
    .k-ram rect{fill:#dfe9d5} .k-crash_kernel rect{fill:#f2c9a0} .k-swiotlb rect{fill:#e6dcc0}
    .k-vmbus_window rect{fill:#eef2f7} .k-pci_root_bus_window rect{fill:#f1f1f1}
    .k-framebuffer_reservation rect{fill:#c9d8f0} .k-gen1_framebuffer_bar rect{fill:#b5c9ea}
    .k-firmware_framebuffer rect{fill:#d4e2f6} .k-video_vram rect{fill:#7da6e0}
    .k-hv_pci_config_window rect{fill:#e59a9a} .k-hv_pci_bus_window rect{fill:#f0c0c0}
    .k-pci_bar rect{fill:#e7b0d0} .k-vmbus_allocation rect{fill:#d8c8ee}
    .hatch{fill:url(#hatch);stroke:#c00;stroke-width:1.5} .hatch-line{stroke:#c00;stroke-width:2}
    .four-gib{stroke:#000;stroke-dasharray:6 4} .four-gib-label{font-weight:bold}
    .address{fill:#444} .gap{fill:#888}
    table.vms{border-collapse:collapse} .vms th,.vms td{border:1px solid #ccc;padding:.2em .5em;text-align:left}
    .vms .count{text-align:right} tr.verdict-broken .verdict{color:#a00;font-weight:bold}
    tr.verdict-at-risk .verdict{color:#a60;font-weight:bold}
    .vms th button{font:inherit;font-weight:bold;border:0;background:none;cursor:pointer;padding:0}
    .vms th[aria-sort=ascending] button::after{content:" ▲"} .vms th[aria-sort=descending] button::after{content:" ▼"}
    .filters select,.filters input{margin-right:.5em}
    @media print{.finding{break-inside:avoid} .region rect{fill-opacity:.15}}
    """
}
