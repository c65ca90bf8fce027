import IomemParse

/// `--format json`: the documented schema (docs/json.md), snake_case keys. Per VM its verdict,
/// platform, artifacts with their kernels, incidents, findings and gaps; the top-level
/// `findings` (each naming its VM) and `summary` stay for readers of one flat list.
public enum JSONReporter {
  /// The document as one string (tests, small runs).
  public static func render(_ report: CheckReport, jobs: Int = 1) -> String {
    var bytes: [UInt8] = []
    write(report, jobs: jobs) { bytes.append(contentsOf: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The document, handed to `sink` in pieces as it is written: a VM of 100 000 boots lists
  /// every one, and the text is never held whole. `jobs`: how many VMs of a fleet are written at
  /// once (each VM's part is independent; one VM is written straight out).
  public static func write(_ report: CheckReport, jobs: Int = 1, to sink: (UnsafeRawBufferPointer) -> Void) {
    // Each VM and its findings sit two levels deep (in `vms` and in `findings`).
    let parts: [(vm: JSONValue, findings: [JSONValue])] =
      report.vms.count == 1 || jobs == 1
      ? report.vms.map { (vm($0), $0.findings.map(finding)) }
      : ConcurrentMap.run(report.vms, jobs: jobs) { vm in
        (
          vm: self.vm(vm).fragment(pretty: true, indent: 2),
          findings: vm.findings.map { finding($0).fragment(pretty: true, indent: 2) }
        )
      }
    var summary: [(String, JSONValue)] = Severity.allCases.reversed().map {
      ($0.rawValue, .int(report.count($0)))
    }
    summary.append(("suppressed", .int(report.suppressed)))
    summary.append(("vms", .object(Verdict.allCases.map { ($0.rawValue, .int(report.count($0))) })))
    JSONValue.object([
      ("schema_version", .int(JSONSchema.version)), ("vms", .array(parts.map(\.vm))),
      ("findings", .array(parts.flatMap(\.findings))),
      (
        "not_checked",
        .array(
          report.unchecked.map {
            .object([
              ("vm", .string($0.id)), ("status", .string($0.status.rawValue)), ("reason", .string($0.reason)),
            ])
          })
      ),
      ("summary", .object(summary)),
    ]).stream(pretty: true, to: sink)
    withUnsafeBytes(of: UInt8(0x0A)) { sink($0) }
  }

  private static func vm(_ vm: VMReport) -> JSONValue {
    .object([
      ("id", .string(vm.id)), ("verdict", .string(vm.verdict.rawValue)),
      ("verdict_reason", .string(vm.verdictReason)), ("platform", platform(vm.capture.platform)),
      (
        "sources",
        .array(
          vm.capture.sources.map { s in
            .object([
              ("source", .string(s.source)), ("files", .array(s.files.map { .string($0) })),
              ("kind", .string(s.kind.rawValue)),
              ("duplicate_of", s.duplicateOf.map { .string($0) } ?? .null),
              ("read_as", .array(s.forms.names.map { .string($0) })),
              ("repairs", s.repairs.isEmpty ? .null : .string(s.repairs.summary)),
            ])
          })
      ),
      (
        "skipped",
        .array(
          vm.capture.skipped.map {
            .object([("source", .string($0.source)), ("reason", .string($0.reason))])
          })
      ),
      ("inputs", .array(vm.capture.artifacts.map { artifact($0, in: vm.capture) })),
      ("earlier_boots", .array((vm.capture.earlier?.runs ?? []).map(run))),
      ("incidents", .array(vm.capture.pairs.map { incident($0, in: vm.capture) })),
      ("findings", .array(vm.findings.map(finding))),
      ("gaps", .array(vm.gaps.map { .string($0) })),
      ("notes", .array(vm.capture.notes.map { .string($0) })),
      ("suppressed", .int(vm.suppressed)),
    ])
  }

  private static func finding(_ f: Finding) -> JSONValue {
    .object([
      ("vm", .string(f.vm)), ("rule", .string(f.rule)), ("condition", .string(f.condition)),
      ("severity", .string(f.severity.rawValue)),
      ("message", .string(f.message)), ("ranges", .array(f.ranges.map(\.json))),
      (
        "evidence",
        .array(
          f.evidence.map { e in
            .object([
              ("source", .string(e.provenance.source)), ("line", .int(e.provenance.line)),
              ("column", e.provenance.column.map { .int($0) } ?? .null),
              ("boot", .int(e.boot)), ("role", .string(e.role.rawValue)),
              ("text", .string(e.provenance.text)),
              ("note", e.note.map { .string($0) } ?? .null),
            ])
          })
      ),
      ("remediation", .string(f.remediation)), ("missing", .array(f.missing.map { .string($0) })),
      ("occurrences", .int(f.occurrences)),
      (
        "recurrences",
        .array(
          f.recurrences.map { e in
            .object([
              ("source", .string(e.provenance.source)), ("line", .int(e.provenance.line)),
              ("boot", .int(e.boot)), ("role", .string(e.role.rawValue)),
            ])
          })
      ),
      ("fingerprint", .string(f.fingerprint)),
    ])
  }

  private static func platform(_ p: Platform) -> JSONValue {
    .object([
      ("hypervisor", .string(p.hypervisor.rawValue)), ("generation", .string(p.generation.rawValue)),
      ("confidential", .bool(p.confidential)), ("wsl2", .bool(p.wsl2)),
      ("architecture", .string(p.architecture.rawValue)), ("summary", .string(p.summary)),
      ("evidence", .array(p.evidence.map(line))),
    ])
  }

  private static func line(_ p: Provenance) -> JSONValue {
    .object([("source", .string(p.source)), ("line", .int(p.line)), ("text", .string(p.text))])
  }

  private static func artifact(_ a: Artifact, in capture: Capture) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("kind", .string(a.kind.rawValue)), ("source", .string(a.source)), ("index", .int(a.index)),
      ("files", .array(a.files.map { .string($0) })),
      ("first_line", .int(a.firstLine)), ("last_line", .int(a.lastLine)),
      ("kernel", .string(a.kernel.rawValue)),
      ("proven", .bool(a.proven)), ("reason", .string(a.reason)), ("evidence", .array(a.evidence.map(line))),
      ("duplicate_of", a.duplicateOf.map { .string($0) } ?? .null),
    ]
    if a.kind == .boot {
      let graph = a.graph.map { capture.graphs[$0] }
      members.append(("ending", a.ending.map { .string($0.rawValue) } ?? .null))
      members.append(("kernel_version", graph?.boot?.kernelVersion.map { .string($0) } ?? .null))
      members.append(("kernel_changes", graph?.changes.json ?? .array([])))
    }
    return .object(members)
  }

  private static func run(_ r: EarlierBoots.Run) -> JSONValue {
    .object([
      ("source", .string(r.source)), ("files", .array(r.files.map { .string($0) })),
      ("first_index", .int(r.firstIndex)), ("last_index", .int(r.lastIndex)),
      ("first_line", .int(r.firstLine)), ("last_line", .int(r.lastLine)), ("boots", .int(r.boots)),
      ("first", .int(r.first)), ("kdump", .int(r.kdump)), ("unknown", .int(r.unknown)),
      ("incidents", .int(r.incidents)), ("presumed_incidents", .int(r.presumedIncidents)),
    ])
  }

  private static func incident(_ pair: KernelPair, in capture: Capture) -> JSONValue {
    func side(_ g: BootGraph) -> JSONValue {
      .object([
        ("source", .string(g.source)), ("boot", g.boot.map { .int($0.index) } ?? .null),
        ("label", .string(g.label)),
      ])
    }
    return .object([
      ("first", side(capture.graphs[pair.first])), ("kdump", side(capture.graphs[pair.kdump])),
      ("kdump_proven", .bool(pair.kdumpProven)),
    ])
  }
}
