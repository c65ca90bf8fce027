import IomemParse

/// Findings for people. Per VM: the verdict line first, then the findings grouped by severity
/// with quoted evidence and what to do, then the inputs (every artifact with its kernel and
/// why) and what capture is missing. A fleet starts with one verdict line per VM. Colour only
/// when asked (the CLI decides from the terminal and NO_COLOR).
public enum TextReporter {
  /// `unicode`: box-drawing characters in the maps under findings (a UTF-8 locale).
  public static func render(_ report: CheckReport, color: Bool, unicode: Bool = false) -> String {
    var out = ""
    let paint = Paint(color: color, unicode: unicode)
    if report.vms.count > 1 {
      out += "VMS (\(report.vms.count))\n"
      let width = report.vms.map(\.id.count).max() ?? 0
      for vm in report.vms {
        let id = vm.id + String(repeating: " ", count: width - vm.id.count)
        out += "  " + paint.verdict(vm.verdict, padded: true) + "  \(id)  \(vm.capture.platform.summary)\n"
      }
    }
    for vm in report.vms {
      if report.vms.count > 1 { out += "\n" + String(repeating: "=", count: 100) + "\n" }
      out += section(vm, paint: paint)
    }
    out += "\n" + (report.findings.isEmpty ? "no findings; " : "") + report.summary + "\n"
    return out
  }

  static func section(_ vm: VMReport, paint: Paint) -> String {
    var out = "VM \(vm.id.isEmpty ? "(inputs)" : vm.id): " + paint.verdict(vm.verdict, padded: false)
    out += " — \(vm.verdictReason)\n"
    out += "  platform: \(vm.capture.platform.summary)\n"
    for severity in Severity.allCases.reversed() {
      let group = vm.findings.filter { $0.severity == severity }
      guard !group.isEmpty else { continue }
      out += "\n" + paint.severity("\(severity.rawValue.uppercased())S (\(group.count))", severity) + "\n"
      for finding in group { out += render(finding, in: vm.capture, paint: paint) }
    }
    out += "\n" + inputs(vm.capture)
    if !vm.gaps.isEmpty {
      out += "\nMISSING CAPTURES\n"
      for gap in vm.gaps { out += wrap("- " + gap, indent: "  ").dropFirst(2) + "\n" }
    }
    return out
  }

  private static func render(_ finding: Finding, in capture: Capture, paint: Paint) -> String {
    let name = RuleRegistry.rule(id: finding.rule)?.description.name ?? ""
    var out = "\n" + paint.severity("\(finding.rule) \(finding.severity.rawValue)", finding.severity)
    out += " [\(name)]\n"
    out += wrap(finding.message, indent: "  ") + "\n"
    if let recurs = finding.recurrenceText() { out += wrap(recurs, indent: "  ") + "\n" }
    out += "  evidence:\n"
    for e in finding.evidence {
      out += "    \(e.place)"
      if let note = e.note { out += " — \(note)" }
      out += "\n      > \(e.provenance.text)\n"
    }
    if let map = TextMap.render(finding, in: capture, unicode: paint.unicode) { out += map }
    if !finding.missing.isEmpty {
      out += "  to confirm, capture: " + finding.missing.joined(separator: "; ") + "\n"
    }
    out += "  what to do:\n" + wrap(finding.remediation, indent: "    ") + "\n"
    return out
  }

  /// Every source with its artifacts, each with its kernel and why, then the incidents.
  static func inputs(_ capture: Capture) -> String {
    var out = "INPUTS\n"
    for source in capture.sources {
      out += "  \(source.source): \(source.kind.rawValue.replacingUnderscores)"
      if let of = source.duplicateOf { out += " — the same content as \(of), read once" }
      out += "\n"
      if source.files.count > 1 {
        let older = source.files.dropLast().joined(separator: ", ")
        out += wrap("a rotated log: read after \(older) (oldest first), as one stream", indent: "    ") + "\n"
      }
      if let note = source.repairNote { out += wrap(note, indent: "    ") + "\n" }
      if let earlier = capture.earlier, let run = earlier.run(of: source.source) {
        let line = earlier.listing(run) + " (a finding cites its own lines)"
        out += wrap(line, indent: "    ").replacingFirstIndent(hanging: "      ") + "\n"
      }
      for a in capture.artifacts where a.source == source.source {
        let what =
          switch a.kind {
          case .boot: "boot \(a.index), \(a.lineSpan)"
          case .iomemDump: "/proc/iomem dump \(a.index + 1), \(a.lineSpan)"
          case .commandOutput: "command output, \(a.lineSpan)"
          }
        if let of = a.duplicateOf {
          out += wrap("\(what): a repeat of \(of), read once", indent: "    ") + "\n"
          continue
        }
        var line =
          "\(what): \(a.kernel.rawValue) kernel\(a.proven || a.kernel == .unknown ? "" : " (presumed)")"
        line += " — \(a.reason)"
        if let ending = a.ending, a.kind == .boot { line += "; ended in \(ending.phrase)" }
        if a.kind == .iomemDump, let g = a.graph, let boot = capture.graphs[g].boot {
          line += "; merged into \(boot.source == a.source ? "" : boot.source + " ")boot \(boot.index)"
        }
        out += wrap(line, indent: "    ").replacingFirstIndent(hanging: "      ") + "\n"
      }
    }
    out += skipped(capture.skipped)
    let earlierIncidents = capture.earlier?.incidents ?? 0
    if earlierIncidents > 0 {
      out += "  incidents 1-\(earlierIncidents): in the earlier boots above\n"
    }
    for (n, pair) in capture.pairs.enumerated() {
      let f = capture.graphs[pair.first]
      let k = capture.graphs[pair.kdump]
      out +=
        "  incident \(earlierIncidents + n + 1): \(f.label) → \(k.label)\(pair.kdumpProven ? "" : " (kdump role presumed, not proven)")\n"
    }
    for note in capture.notes { out += wrap("note: " + note, indent: "  ") + "\n" }
    return out
  }

  /// Each skipped file with its reason; a reason shared by more than three files (a
  /// sosreport's other files) is one line with the count and the first names.
  private static func skipped(_ skipped: [SkippedInput]) -> String {
    var out = ""
    for group in skipped.byReason {
      if group.sources.count > 3 {
        let names = group.sources.prefix(2).joined(separator: ", ")
        out +=
          wrap("\(group.sources.count) files skipped: \(group.reason) (\(names), …)", indent: "  ") + "\n"
      } else {
        for source in group.sources {
          out +=
            wrap("\(source): skipped — \(group.reason)", indent: "  ").replacingFirstIndent(hanging: "    ")
            + "\n"
        }
      }
    }
    return out
  }

  /// Wraps prose at 100 columns with an indent.
  static func wrap(_ text: String, indent: String) -> String {
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = indent
      for word in paragraph.split(separator: " ") {
        if line.count + word.count + 1 > 100, line.count > indent.count {
          lines.append(line)
          line = indent
        }
        line += (line.count > indent.count ? " " : "") + word
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }

  /// ANSI colour for severities and verdicts, or none.
  struct Paint {
    var color: Bool
    /// Box-drawing characters allowed (a UTF-8 locale); `NO_COLOR` governs colour only.
    var unicode = false

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    func severity(_ text: String, _ s: Severity) -> String {
      let codes: [Severity: String] = [.error: "1;31", .warning: "1;33", .note: "1;36", .info: "1;34"]
      return paint(text, codes[s]!)
    }

    func verdict(_ v: Verdict, padded: Bool) -> String {
      let codes: [Verdict: String] = [.broken: "1;31", .atRisk: "1;33", .healthy: "1;32", .undecided: "1;35"]
      let text = v.rawValue.uppercased()
      return paint(padded ? text + String(repeating: " ", count: 9 - text.count) : text, codes[v]!)
    }
  }
}

extension String {
  /// Continuation lines of a wrapped item get a deeper indent than its first line.
  fileprivate func replacingFirstIndent(hanging: String) -> String {
    let lines = split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.count > 1 else { return self }
    return ([String(lines[0])] + lines.dropFirst().map { hanging + $0.drop { $0 == " " } }).joined(
      separator: "\n")
  }
}
