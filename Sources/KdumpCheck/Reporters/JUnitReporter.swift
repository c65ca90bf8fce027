/// JUnit XML: one testcase per VM, failing when the VM has findings at or above `failOn`;
/// an undecided VM is skipped with its reason, or fails with `failOnUndecided`.
public enum JUnitReporter {
  public static func render(_ report: CheckReport, failOn: Severity, failOnUndecided: Bool = false) -> String
  {
    var failures = 0
    var skipped = 0
    var cases = ""
    for vm in report.vms {
      let name = vm.id.isEmpty ? "VM" : vm.id
      cases += "    <testcase classname=\"iomem-audit.check\" name=\"\(Markup.escape(name))\""
      let failing = vm.findings.filter { $0.severity >= failOn }
      let undecided = vm.verdict == .undecided
      if failing.isEmpty && vm.findings.isEmpty && !undecided {
        cases += "/>\n"
        continue
      }
      cases += ">\n"
      for f in failing {
        let where_ = f.primary.map { "\($0.provenance)" } ?? ""
        cases +=
          "      <failure type=\"\(f.severity.rawValue)\" message=\"\(Markup.escape("\(f.rule): \(f.message)"))\">"
        cases += Markup.escape(
          ([where_]
            + f.evidence.map { "\($0.provenance): \($0.provenance.text)" })
            .joined(separator: "\n"))
        cases += "</failure>\n"
      }
      if undecided && failing.isEmpty {
        if failOnUndecided {
          cases +=
            "      <failure type=\"undecided\" message=\"\(Markup.escape("undecided: \(vm.verdictReason)"))\"/>\n"
        } else {
          cases += "      <skipped message=\"\(Markup.escape("undecided: \(vm.verdictReason)"))\"/>\n"
          skipped += 1
        }
      }
      if !failing.isEmpty || (undecided && failOnUndecided) { failures += 1 }
      var out = "verdict: \(vm.verdict.rawValue) — \(vm.verdictReason)"
      for f in vm.findings where f.severity < failOn {
        out += "\n\(f.severity.rawValue): \(f.rule): \(f.message)"
      }
      cases += "      <system-out>\(Markup.escape(out))</system-out>\n"
      cases += "    </testcase>\n"
    }
    // A VM given up after --timeout fails its testcase; one with nothing to read is skipped.
    for vm in report.unchecked {
      cases += "    <testcase classname=\"iomem-audit.check\" name=\"\(Markup.escape(vm.id))\">\n"
      switch vm.status {
      case .timedOut:
        cases += "      <failure type=\"timed-out\" message=\"\(Markup.escape(vm.reason))\"/>\n"
        failures += 1
      case .skipped:
        cases += "      <skipped message=\"\(Markup.escape(vm.reason))\"/>\n"
        skipped += 1
      }
      cases += "    </testcase>\n"
    }
    let tests = report.vms.count + report.unchecked.count
    let counts = "tests=\"\(tests)\" failures=\"\(failures)\" skipped=\"\(skipped)\""
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml += "<testsuites name=\"iomem-audit\" \(counts)>\n"
    xml += "  <testsuite name=\"iomem-audit check\" \(counts)>\n" + cases
    xml += "  </testsuite>\n</testsuites>\n"
    return xml
  }

}
