import IomemParse
internal import JSONText

/// SARIF 2.1.0 for GitHub code scanning: one rule entry per rule with its help text, results at
/// the first evidence line, the other evidence as related locations, each naming its VM (in
/// the message and `properties.vm`). `info` becomes `note`.
public enum SARIFReporter {
  public static func render(_ report: CheckReport, toolVersion: String) -> String {
    var w = JSONWriter(pretty: true)
    w.object { w in
      w.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
      w.member("version", "2.1.0")
      w.key("runs")
      w.array { w in w.object { w in run(report, toolVersion: toolVersion, to: &w) } }
    }
    return w.text + "\n"
  }

  /// The members of the one run: the tool with its rules, the results, and for VMs without a
  /// report the invocation that names them.
  private static func run(_ report: CheckReport, toolVersion: String, to w: inout JSONWriter) {
    w.key("tool")
    w.object { w in
      w.key("driver")
      w.object { w in
        w.member("name", "iomem-audit")
        w.member("version", toolVersion)
        w.member("informationUri", "https://github.com/iomem-audit/iomem-audit")
        w.key("rules")
        w.array { w in for d in RuleRegistry.descriptions { rule(d, to: &w) } }
      }
    }
    w.key("results")
    w.array { w in for f in report.findings { result(f, to: &w) } }
    guard !report.unchecked.isEmpty else { return }
    // VMs without a report: a notification each, and a run that did not finish its work when
    // one was given up after --timeout.
    w.key("invocations")
    w.array { w in
      w.object { w in
        w.member("executionSuccessful", !report.unchecked.contains { $0.status == .timedOut })
        w.key("toolExecutionNotifications")
        w.array { w in
          for vm in report.unchecked {
            w.object { w in
              w.member("level", vm.status == .timedOut ? "error" : "warning")
              text("message", "VM \(vm.id): not checked: \(vm.reason)", to: &w)
              w.key("properties")
              w.object { w in
                w.member("vm", vm.id)
                w.member("status", vm.status.rawValue)
              }
            }
          }
        }
      }
    }
  }

  private static func rule(_ d: RuleDescription, to w: inout JSONWriter) {
    w.object { w in
      w.member("id", d.id)
      w.member("name", d.name)
      text("shortDescription", d.summary, to: &w)
      text("fullDescription", d.explanation, to: &w)
      w.key("help")
      w.object { w in
        w.member("text", d.remediation)
        w.member("markdown", RulePage.markdown(d))
      }
      w.member("helpUri", "docs/rules/\(d.id).md")
      w.key("defaultConfiguration")
      w.object { w in w.member("level", d.severity.sarifLevel) }
    }
  }

  private static func result(_ f: Finding, to w: inout JSONWriter) {
    w.object { w in
      w.member("ruleId", f.rule)
      w.member("level", f.severity.sarifLevel)
      text("message", f.vm.isEmpty ? f.message : "VM \(f.vm): \(f.message)", to: &w)
      w.key("partialFingerprints")
      w.object { w in w.member("iomemAudit/v1", f.fingerprint) }
      if f.occurrences > 1 { w.member("occurrenceCount", f.occurrences) }
      if !f.vm.isEmpty {
        w.key("properties")
        w.object { w in w.member("vm", f.vm) }
      }
      if let primary = f.primary {
        w.key("locations")
        w.array { w in location(primary, id: nil, to: &w) }
      }
      if f.evidence.count > 1 {
        w.key("relatedLocations")
        w.array { w in
          for (offset, e) in f.evidence.dropFirst().enumerated() { location(e, id: offset + 1, to: &w) }
        }
      }
    }
  }

  /// `"key": {"text": "…"}`, SARIF's message shape.
  private static func text(_ key: StaticString, _ text: String, to w: inout JSONWriter) {
    w.key(key)
    w.object { w in w.member("text", text) }
  }

  private static func location(_ e: Evidence, id: Int?, to w: inout JSONWriter) {
    w.object { w in
      if let id { w.member("id", id) }
      w.key("physicalLocation")
      w.object { w in
        w.key("artifactLocation")
        w.object { w in w.member("uri", uri(e.provenance.source)) }
        w.key("region")
        w.object { w in region(e.provenance, to: &w) }
      }
      if let note = e.note { text("message", note, to: &w) }
    }
  }

  /// Relative paths stay relative (GitHub resolves them against the repository); `-` is stdin.
  private static func uri(_ source: String) -> String {
    source == "-" || source == "<stdin>"
      ? "stdin" : source.hasPrefix("./") ? String(source.dropFirst(2)) : source
  }

  /// The line, the column when the physical line held several text lines, and the text.
  private static func region(_ p: Provenance, to w: inout JSONWriter) {
    w.member("startLine", max(p.line, 1))
    if let column = p.column { w.member("startColumn", column) }
    text("snippet", p.text, to: &w)
  }
}
