import IomemParse

/// Findings for people: grouped by severity, evidence quoted, remediation, then what is missing
/// and a one-line summary. Colour only when asked (the CLI decides from the terminal and NO_COLOR).
public enum TextReporter {
  public static func render(_ report: CheckReport, color: Bool) -> String {
    var out = ""
    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    let colors: [Severity: String] = [.error: "1;31", .warning: "1;33", .note: "1;36", .info: "1;34"]
    out += inputs(report.capture)
    for severity in Severity.allCases.reversed() {
      let group = report.findings.filter { $0.severity == severity }
      guard !group.isEmpty else { continue }
      out += "\n" + paint("\(severity.rawValue.uppercased())S (\(group.count))", colors[severity]!) + "\n"
      for finding in group {
        let name = RuleRegistry.rule(id: finding.rule)?.description.name ?? ""
        out += "\n" + paint("\(finding.rule) \(severity.rawValue)", colors[severity]!) + " [\(name)]\n"
        out += wrap(finding.message, indent: "  ") + "\n"
        out += "  evidence:\n"
        for e in finding.evidence {
          out += "    \(e.provenance.source):\(e.provenance.line) (boot \(e.boot), \(e.role.rawValue))"
          if let note = e.note { out += " — \(note)" }
          out += "\n      > \(e.provenance.text)\n"
        }
        if !finding.missing.isEmpty {
          out += "  to confirm, capture: " + finding.missing.joined(separator: "; ") + "\n"
        }
        out += "  what to do:\n" + wrap(finding.remediation, indent: "    ") + "\n"
      }
    }
    if !report.gaps.isEmpty {
      out += "\nMISSING CAPTURES\n"
      for gap in report.gaps { out += wrap("- " + gap, indent: "  ").dropFirst(2) + "\n" }
    }
    out += "\n" + (report.findings.isEmpty ? "no findings; " : "") + report.summary + "\n"
    return out
  }

  static func inputs(_ capture: Capture) -> String {
    var out = "INPUTS\n"
    for file in capture.files {
      out += "  \(file.source): \(file.kind.rawValue.replacingUnderscores)"
      if !file.iomem.dumps.isEmpty {
        out += ", /proc/iomem lines \(file.iomem.dumps[0].firstLine)-\(file.iomem.dumps[0].lastLine)"
      }
      out += "\n"
      for g in capture.graphs where g.boot?.source == file.source {
        out += "    boot \(g.bootIndex): \(g.role.rawValue) — \(g.roleReason)\n"
      }
    }
    for note in capture.notes { out += "  note: \(note)\n" }
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
}
