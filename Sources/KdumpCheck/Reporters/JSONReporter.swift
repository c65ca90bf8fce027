import IomemParse

/// `--format json`: the documented, stable schema (docs/json-schema.md).
public enum JSONReporter {
  public static func render(_ report: CheckReport) -> String {
    let findings: [JSONValue] = report.findings.map { f in
      .object([
        ("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)),
        ("message", .string(f.message)),
        ("ranges", .array(f.ranges.map(\.json))),
        (
          "evidence",
          .array(
            f.evidence.map { e in
              .object([
                ("source", .string(e.provenance.source)), ("line", .int(e.provenance.line)),
                ("boot", .int(e.boot)),
                ("role", .string(e.role.rawValue)), ("text", .string(e.provenance.text)),
                ("note", e.note.map { .string($0) } ?? .null),
              ])
            })
        ),
        ("remediation", .string(f.remediation)), ("missing", .array(f.missing.map { .string($0) })),
        ("fingerprint", .string(f.fingerprint)),
      ])
    }
    let inputs: [JSONValue] = report.capture.files.map { file in
      .object([
        ("source", .string(file.source)), ("kind", .string(file.kind.rawValue)),
        ("iomemDumps", .int(file.iomem.dumps.count)),
        (
          "boots",
          .array(
            report.capture.graphs.filter { $0.boot?.source == file.source }.map { g in
              .object([
                ("boot", .int(g.bootIndex)), ("role", .string(g.role.rawValue)),
                ("reason", .string(g.roleReason)),
                ("firstLine", .int(g.boot!.firstLine)), ("lastLine", .int(g.boot!.lastLine)),
                ("kernel", g.boot!.kernelVersion.map { .string($0) } ?? .null),
                ("generation", .string(g.generation.rawValue)), ("confidential", .bool(g.isConfidential)),
              ])
            })
        ),
      ])
    }
    let summary: JSONValue = .object(
      Severity.allCases.reversed().map { ($0.rawValue, .int(report.count($0))) } + [
        ("suppressed", .int(report.suppressed))
      ])
    return JSONValue.object([
      ("findings", .array(findings)), ("inputs", .array(inputs)),
      ("gaps", .array(report.gaps.map { .string($0) })),
      ("summary", summary),
    ]).serialized(pretty: true) + "\n"
  }
}
