import IomemParse

/// SARIF 2.1.0 for GitHub code scanning: one rule entry per rule with its help text, results at
/// the first evidence line, the other evidence as related locations, each naming its VM (in
/// the message and `properties.vm`). `info` becomes `note`.
public enum SARIFReporter {
  public static func render(_ report: CheckReport, toolVersion: String) -> String {
    let rules: [JSONValue] = RuleRegistry.descriptions.map { d in
      .object([
        ("id", .string(d.id)), ("name", .string(d.name)),
        ("shortDescription", .object([("text", .string(d.summary))])),
        ("fullDescription", .object([("text", .string(d.explanation))])),
        ("help", .object([("text", .string(d.remediation)), ("markdown", .string(RulePage.markdown(d)))])),
        ("helpUri", .string("docs/rules/\(d.id).md")),
        ("defaultConfiguration", .object([("level", .string(d.severity.sarifLevel))])),
      ])
    }
    let results: [JSONValue] = report.findings.map { f in
      var members: [(String, JSONValue)] = [
        ("ruleId", .string(f.rule)), ("level", .string(f.severity.sarifLevel)),
        ("message", .object([("text", .string(f.vm.isEmpty ? f.message : "VM \(f.vm): \(f.message)"))])),
        ("partialFingerprints", .object([("iomemAudit/v1", .string(f.fingerprint))])),
      ]
      if f.occurrences > 1 { members.append(("occurrenceCount", .int(f.occurrences))) }
      if !f.vm.isEmpty { members.append(("properties", .object([("vm", .string(f.vm))]))) }
      if let primary = f.primary { members.append(("locations", .array([location(primary, id: nil)]))) }
      let related = f.evidence.dropFirst().enumerated().map { location($0.element, id: $0.offset + 1) }
      if !related.isEmpty { members.append(("relatedLocations", .array(Array(related)))) }
      return .object(members)
    }
    var members: [(String, JSONValue)] = [
      (
        "tool",
        .object([
          (
            "driver",
            .object([
              ("name", .string("iomem-audit")), ("version", .string(toolVersion)),
              ("informationUri", .string("https://github.com/iomem-audit/iomem-audit")),
              ("rules", .array(rules)),
            ])
          )
        ])
      ),
      ("results", .array(results)),
    ]
    if !report.unchecked.isEmpty {
      // VMs without a report: a notification each, and a run that did not finish its work when
      // one was given up after --timeout.
      let notifications: [JSONValue] = report.unchecked.map { vm in
        .object([
          ("level", .string(vm.status == .timedOut ? "error" : "warning")),
          ("message", .object([("text", .string("VM \(vm.id): not checked: \(vm.reason)"))])),
          ("properties", .object([("vm", .string(vm.id)), ("status", .string(vm.status.rawValue))])),
        ])
      }
      let complete = !report.unchecked.contains { $0.status == .timedOut }
      members.append(
        (
          "invocations",
          .array([
            .object([
              ("executionSuccessful", .bool(complete)), ("toolExecutionNotifications", .array(notifications)),
            ])
          ])
        ))
    }
    return JSONValue.object([
      ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")), ("version", .string("2.1.0")),
      ("runs", .array([.object(members)])),
    ]).serialized(pretty: true) + "\n"
  }

  private static func location(_ e: Evidence, id: Int?) -> JSONValue {
    var members: [(String, JSONValue)] = []
    if let id { members.append(("id", .int(id))) }
    members.append(
      (
        "physicalLocation",
        .object([
          ("artifactLocation", .object([("uri", .string(uri(e.provenance.source)))])),
          ("region", .object(region(e.provenance))),
        ])
      ))
    if let note = e.note { members.append(("message", .object([("text", .string(note))]))) }
    return .object(members)
  }

  /// Relative paths stay relative (GitHub resolves them against the repository); `-` is stdin.
  private static func uri(_ source: String) -> String {
    source == "-" || source == "<stdin>"
      ? "stdin" : source.hasPrefix("./") ? String(source.dropFirst(2)) : source
  }

  /// The line, the column when the physical line held several text lines, and the text.
  private static func region(_ p: Provenance) -> [(String, JSONValue)] {
    var members: [(String, JSONValue)] = [("startLine", .int(max(p.line, 1)))]
    if let column = p.column { members.append(("startColumn", .int(column))) }
    members.append(("snippet", .object([("text", .string(p.text))])))
    return members
  }
}
