public import ByteInput
internal import ByteOutput
import IomemParse
internal import JSONText

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
  /// once (each VM's part is independent, written apart at the depth it sits at; one VM is
  /// written straight out).
  public static func write(_ report: CheckReport, jobs: Int = 1, to sink: (ByteView) -> Void) {
    // Each VM and its findings sit two levels deep (in `vms` and in `findings`).
    let parts: [(vm: String, findings: [String])]? =
      report.vms.count == 1 || jobs == 1
      ? nil
      : ConcurrentMap.run(report.vms, jobs: jobs) { vm in
        var part = JSONWriter(pretty: true, depth: 2)
        vmReport(vm, to: &part)
        let findings = vm.findings.map { f in
          var one = JSONWriter(pretty: true, depth: 2)
          finding(f, to: &one)
          return one.text
        }
        return (part.text, findings)
      }
    withoutActuallyEscaping(sink) { sink in
      var w = JSONWriter(pretty: true, into: ByteBuffer(capacity: 1 << 20, sink: sink))
      w.object { w in
        w.member("schema_version", JSONSchema.version)
        w.key("vms")
        w.array { w in
          if let parts {
            for part in parts { w.written(part.vm) }
          } else {
            for vm in report.vms { vmReport(vm, to: &w) }
          }
        }
        w.key("findings")
        w.array { w in
          if let parts {
            for part in parts { for f in part.findings { w.written(f) } }
          } else {
            for vm in report.vms { for f in vm.findings { finding(f, to: &w) } }
          }
        }
        w.key("not_checked")
        w.array { w in
          for vm in report.unchecked {
            w.object { w in
              w.member("vm", vm.id)
              w.member("status", vm.status.rawValue)
              w.member("reason", vm.reason)
            }
          }
        }
        w.key("summary")
        w.object { w in
          for severity in Severity.allCases.reversed() {
            w.key(severity.rawValue)
            w.int(report.count(severity))
          }
          w.member("suppressed", report.suppressed)
          w.key("vms")
          w.object { w in
            for verdict in Verdict.allCases {
              w.key(verdict.rawValue)
              w.int(report.count(verdict))
            }
          }
        }
      }
      w.bytes.append(0x0A)
      w.bytes.flush()
    }
  }

  private static func vmReport(_ vm: VMReport, to w: inout JSONWriter) {
    w.object { w in
      w.member("id", vm.id)
      w.member("verdict", vm.verdict.rawValue)
      w.member("verdict_reason", vm.verdictReason)
      w.key("platform")
      platform(vm.capture.platform, to: &w)
      w.key("sources")
      w.array { w in
        for s in vm.capture.sources {
          w.object { w in
            w.member("source", s.source)
            w.member("files", s.files)
            w.member("kind", s.kind.rawValue)
            w.member("duplicate_of", s.duplicateOf)
            w.member("read_as", s.forms.names)
            w.member("repairs", s.repairs.isEmpty ? nil : s.repairs.summary)
          }
        }
      }
      w.key("skipped")
      w.array { w in
        for skipped in vm.capture.skipped {
          w.object { w in
            w.member("source", skipped.source)
            w.member("reason", skipped.reason)
          }
        }
      }
      w.key("inputs")
      w.array { w in for a in vm.capture.artifacts { artifact(a, in: vm.capture, to: &w) } }
      w.key("earlier_boots")
      w.array { w in for r in vm.capture.earlier?.runs ?? [] { run(r, to: &w) } }
      w.key("incidents")
      w.array { w in for pair in vm.capture.pairs { incident(pair, in: vm.capture, to: &w) } }
      w.key("findings")
      w.array { w in for f in vm.findings { finding(f, to: &w) } }
      w.member("gaps", vm.gaps)
      w.member("notes", vm.capture.notes)
      w.member("suppressed", vm.suppressed)
    }
  }

  private static func finding(_ f: Finding, to w: inout JSONWriter) {
    w.object { w in
      w.member("vm", f.vm)
      w.member("rule", f.rule)
      w.member("condition", f.condition)
      w.member("severity", f.severity.rawValue)
      w.member("message", f.message)
      w.key("ranges")
      w.array { w in for range in f.ranges { w.range(range) } }
      w.key("evidence")
      w.array { w in
        for e in f.evidence {
          w.object { w in
            w.member("source", e.provenance.source)
            w.member("line", e.provenance.line)
            w.member("column", e.provenance.column)
            w.member("boot", e.boot)
            w.member("role", e.role.rawValue)
            w.member("text", e.provenance.text)
            w.member("note", e.note)
          }
        }
      }
      w.member("remediation", f.remediation)
      w.member("missing", f.missing)
      w.member("occurrences", f.occurrences)
      w.key("recurrences")
      w.array { w in
        for e in f.recurrences {
          w.object { w in
            w.member("source", e.provenance.source)
            w.member("line", e.provenance.line)
            w.member("boot", e.boot)
            w.member("role", e.role.rawValue)
          }
        }
      }
      w.member("fingerprint", f.fingerprint)
    }
  }

  private static func platform(_ p: Platform, to w: inout JSONWriter) {
    w.object { w in
      w.member("hypervisor", p.hypervisor.rawValue)
      w.member("generation", p.generation.rawValue)
      w.member("confidential", p.confidential)
      w.member("wsl2", p.wsl2)
      w.member("architecture", p.architecture.rawValue)
      w.member("summary", p.summary)
      w.key("evidence")
      w.lines(p.evidence)
    }
  }

  private static func artifact(_ a: Artifact, in capture: Capture, to w: inout JSONWriter) {
    w.object { w in
      w.member("kind", a.kind.rawValue)
      w.member("source", a.source)
      w.member("index", a.index)
      w.member("files", a.files)
      w.member("first_line", a.firstLine)
      w.member("last_line", a.lastLine)
      w.member("kernel", a.kernel.rawValue)
      w.member("proven", a.proven)
      w.member("reason", a.reason)
      w.key("evidence")
      w.lines(a.evidence)
      w.member("duplicate_of", a.duplicateOf)
      guard a.kind == .boot else { return }
      let graph = a.graph.map { capture.graphs[$0] }
      w.member("ending", a.ending?.rawValue)
      w.member("kernel_version", graph?.boot?.kernelVersion)
      w.key("kernel_changes")
      if let graph { graph.changes.write(to: &w) } else { w.array { _ in } }
    }
  }

  private static func run(_ r: EarlierBoots.Run, to w: inout JSONWriter) {
    w.object { w in
      w.member("source", r.source)
      w.member("files", r.files)
      w.member("first_index", r.firstIndex)
      w.member("last_index", r.lastIndex)
      w.member("first_line", r.firstLine)
      w.member("last_line", r.lastLine)
      w.member("boots", r.boots)
      w.member("first", r.first)
      w.member("kdump", r.kdump)
      w.member("unknown", r.unknown)
      w.member("incidents", r.incidents)
      w.member("presumed_incidents", r.presumedIncidents)
    }
  }

  private static func incident(_ pair: KernelPair, in capture: Capture, to w: inout JSONWriter) {
    func side(_ key: StaticString, _ g: BootGraph, _ w: inout JSONWriter) {
      w.key(key)
      w.object { w in
        w.member("source", g.source)
        w.member("boot", g.boot?.index)
        w.member("label", g.label)
      }
    }
    w.object { w in
      side("first", capture.graphs[pair.first], &w)
      side("kdump", capture.graphs[pair.kdump], &w)
      w.member("kdump_proven", pair.kdumpProven)
    }
  }
}
