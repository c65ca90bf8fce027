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
      ClaimLegend.definitions(&w)
      unchecked(&w, report.unchecked)
      for (n, vm) in report.vms.enumerated() { page(&w, vm, index: n) }
    }
  }

  /// The VMs of the run without a report (nothing to read, or given up after `--timeout`), so
  /// the page never passes over them in silence.
  private static func unchecked(_ w: inout HTMLWriter, _ vms: [UncheckedVM]) {
    guard !vms.isEmpty else { return }
    w.start("section", [("class", "unchecked")])
    w.table(
      caption: "Not checked (\(vms.count))", class: "unchecked", headings: ["VM", "status", "reason"],
      rows: vms.map { [$0.id, $0.status.rawValue, $0.reason] })
    w.end()
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
          ClaimLegend.definitions(&w)
          page(&w, vm, index: 0)
        }
      )
    }
    let vms = "\(report.vms.count) VM\(report.vms.count == 1 ? "" : "s")"
    let index = document(title: "iomem-audit: \(vms)", script: true) { w in
      w.element("h1", [], vms)
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
      unchecked(&w, report.unchecked)
    }
    return [(file: "index.html", html: index)] + pages
  }

  /// The page around a body: doctype, charset, the policy, the style. The policy loads nothing
  /// and runs nothing but, where `script` is set, `FleetIndexScript` by its hash. Public for
  /// the other pages of the report (`summary --format html`).
  public static func document(
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
    w.trusted(HTMLStyle.sheet)
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
    // A long log's earlier incidents are drawn where a finding rests on them, once each.
    let earlier = capture.earlier
    let earlierFigures = (earlier?.findingIncidents ?? []).map { first, kdump in
      ("an earlier incident: \(first.label) → \(kdump.label)", [first, kdump])
    }
    let figures: [(String, [BootGraph])] =
      capture.pairs.isEmpty && earlierFigures.isEmpty
      ? capture.graphs.filter { !$0.claims.isEmpty }.map { ($0.label, [$0]) }
      : earlierFigures
        + capture.pairs.enumerated().map { n, pair in
          (
            "incident \((earlier?.incidents ?? 0) + n + 1): \(capture.graphs[pair.first].label) → \(capture.graphs[pair.kdump].label)",
            [capture.graphs[pair.first], capture.graphs[pair.kdump]]
          )
        }
    if figures.isEmpty { w.element("p", [], "No claim with an address is in the captures.") }
    var drawn = Set<ClaimKind>()
    for (n, (caption, graphs)) in figures.enumerated() {
      let figure = MapFigure(
        caption: caption, graphs: graphs, findings: vm.findings, id: "\(prefix)map-\(n + 1)",
        findingID: { "\(prefix)finding-\($0)" })
      figure.draw(&w)
      for g in graphs { drawn.formUnion(g.claims.map(\.kind).filter(AddressMap.shownKinds.contains)) }
    }
    if !figures.isEmpty { ClaimLegend.legend(&w, kinds: drawn) }
    w.end()
    w.start("section", [("class", "inputs")])
    w.element("h2", [], "Inputs")
    w.start("ul")
    if let earlier {
      for run in earlier.runs {
        w.element("li", [("data-kind", "earlier_boots")], "\(run.source) " + earlier.listing(run))
      }
    }
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
    if let recurs = f.recurrenceText(limit: 20) { w.element("p", [("class", "recurrences")], recurs) }
    if !f.ranges.isEmpty {
      w.element("p", [("class", "ranges")], "ranges: " + f.ranges.map(\.sizeFirst).joined(separator: "; "))
    }
    w.element("h4", [], "Evidence")
    w.start("ul", [("class", "evidence")])
    for e in f.evidence {
      w.start("li")
      w.element(
        "span", [("class", "where")],
        e.place + (e.note.map { " — \($0)" } ?? ""))
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

}
