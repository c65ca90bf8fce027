/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding,
/// at its first evidence line, its title naming the VM; then one verdict line per VM.
public enum GitHubReporter {
  public static func render(_ report: CheckReport) -> String {
    var out = ""
    for f in report.findings {
      let command =
        switch f.severity {
        case .error: "error"
        case .warning: "warning"
        case .note, .info: "notice"
        }
      var title = "\(f.rule) \(RuleRegistry.rule(id: f.rule)?.description.name ?? "")"
      if !f.vm.isEmpty { title += " (VM \(f.vm))" }
      var properties = ["title=\(escapeProperty(title))"]
      if let p = f.primary?.provenance {
        if let column = p.column { properties.insert("col=\(column)", at: 0) }
        properties.insert("line=\(p.line)", at: 0)
        properties.insert("file=\(escapeProperty(p.source))", at: 0)
      }
      out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(f.message))\n"
    }
    for vm in report.vms {
      out +=
        "iomem-audit: VM \(vm.id.isEmpty ? "(inputs)" : vm.id): \(vm.verdict.rawValue) — \(vm.verdictReason)\n"
    }
    out += "iomem-audit: \(report.summary)\n"
    return out
  }

  static func escapeData(_ s: String) -> String {
    s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
  }

  static func escapeProperty(_ s: String) -> String {
    escapeData(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
  }
}

extension String {
  func replacingAll(_ target: Character, _ replacement: String) -> String {
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }
}
