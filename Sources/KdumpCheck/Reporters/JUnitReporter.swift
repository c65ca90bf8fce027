/// JUnit XML: one testcase per rule, failing when the rule found something at or above `failOn`.
public enum JUnitReporter {
  public static func render(_ report: CheckReport, failOn: Severity) -> String {
    let descriptions = RuleRegistry.descriptions
    let failing = descriptions.filter { d in
      report.findings.contains { $0.rule == d.id && $0.severity >= failOn }
    }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"iomem-audit\" tests=\"\(descriptions.count)\" failures=\"\(failing.count)\">\n"
    out +=
      "  <testsuite name=\"iomem-audit check\" tests=\"\(descriptions.count)\" failures=\"\(failing.count)\">\n"
    for d in descriptions {
      out += "    <testcase classname=\"iomem-audit.\(d.id)\" name=\"\(escape("\(d.id) \(d.name)"))\""
      let findings = report.findings.filter { $0.rule == d.id }
      let failures = findings.filter { $0.severity >= failOn }
      if failures.isEmpty && findings.isEmpty {
        out += "/>\n"
        continue
      }
      out += ">\n"
      for f in failures {
        let where_ = f.primary.map { "\($0.provenance.source):\($0.provenance.line)" } ?? ""
        out += "      <failure type=\"\(f.severity.rawValue)\" message=\"\(escape(f.message))\">"
        out += escape(
          ([where_]
            + f.evidence.map { "\($0.provenance.source):\($0.provenance.line): \($0.provenance.text)" })
            .joined(separator: "\n"))
        out += "</failure>\n"
      }
      for f in findings where f.severity < failOn {
        out += "      <system-out>\(escape("\(f.severity.rawValue): \(f.message)"))</system-out>\n"
      }
      out += "    </testcase>\n"
    }
    out += "  </testsuite>\n</testsuites>\n"
    return out
  }

  static func escape(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default:
        if c.value < 0x20 && c != "\n" && c != "\t" { out += " " } else { out.unicodeScalars.append(c) }
      }
    }
    return out
  }
}
