import IomemParse
internal import JSONText
import KdumpCheck

/// `iomem-audit summary FILE.sqlite` as text, JSON or one self-contained HTML page.
public enum FleetSummaryReporter {
  /// VMs listed under each rule and change in text (JSON and HTML list them all).
  static let listed = 10

  public static func text(_ s: FleetSummary, database: String) -> String {
    var out = "RUN \(s.run) of \(database) (\(s.startedAt), iomem-audit \(s.toolVersion))"
    out += s.previousRun.map { ", compared with run \($0)\n" } ?? ", the first run\n"
    let total = s.verdicts.reduce(0) { $0 + $1.vms }
    out += "\nVMS (\(total)): " + s.verdicts.map { "\($0.vms) \($0.verdict)" }.joined(separator: ", ") + "\n"
    if let previous = s.previousRun {
      out += "\nSINCE RUN \(previous)\n"
      out += line("newly broken", s.newlyBroken.map { "\($0.vm) (was \($0.before ?? "not in the run"))" })
      out += line("fixed", s.fixed.map { "\($0.vm) (now \($0.now ?? "—"))" })
      out += line("new VMs", s.added)
      out += line("VMs gone", s.gone)
    }
    out += "\nFINDINGS BY RULE\n"
    if s.rules.isEmpty { out += "  none\n" }
    for r in s.rules {
      out +=
        "  \(r.rule) \(r.severity): \(r.findings) finding\(r.findings == 1 ? "" : "s") in \(r.vms.count) VM\(r.vms.count == 1 ? "" : "s")\n"
      out += "    " + capped(r.vms) + "\n"
    }
    out += "\nBY KERNEL VERSION\n" + counts(s.kernels)
    out += "\nBY GENERATION AND PLATFORM\n" + counts(s.platforms)
    if !s.notChecked.isEmpty {
      out += "\nNOT CHECKED (\(s.notChecked.count))\n"
      for n in s.notChecked { out += "  \(n.vm): \(n.status) — \(n.reason)\n" }
    }
    return out
  }

  /// docs/json.md's `summary --format json`.
  public static func json(_ s: FleetSummary) -> String {
    var w = JSONWriter(pretty: true)
    w.object { w in
      w.member("schema_version", JSONSchema.version)
      w.member("run", Int(s.run))
      w.member("started_at", s.startedAt)
      w.member("tool_version", s.toolVersion)
      w.member("previous_run", s.previousRun.map { Int($0) })
      w.key("verdicts")
      w.object { w in
        for v in s.verdicts {
          w.key(v.verdict)
          w.int(v.vms)
        }
      }
      w.key("rules")
      w.array { w in
        for r in s.rules {
          w.object { w in
            w.member("rule", r.rule)
            w.member("severity", r.severity)
            w.member("findings", r.findings)
            w.member("vms", r.vms)
          }
        }
      }
      w.key("kernels")
      counts(s.kernels, to: &w)
      w.key("platforms")
      counts(s.platforms, to: &w)
      w.key("since_previous")
      w.object { w in
        w.key("newly_broken")
        changes(s.newlyBroken, to: &w)
        w.key("fixed")
        changes(s.fixed, to: &w)
        w.member("new", s.added)
        w.member("gone", s.gone)
      }
      w.key("not_checked")
      w.array { w in
        for n in s.notChecked {
          w.object { w in
            w.member("vm", n.vm)
            w.member("status", n.status)
            w.member("reason", n.reason)
          }
        }
      }
    }
    return w.text + "\n"
  }

  public static func html(_ s: FleetSummary, database: String) -> String {
    HTMLReporter.document(title: "iomem-audit: run \(s.run) of \(database)") { w in
      w.element("h1", [], "Run \(s.run) of \(database)")
      w.element(
        "p", [("class", "reason")],
        "\(s.startedAt), iomem-audit \(s.toolVersion)"
          + (s.previousRun.map { "; compared with run \($0)" } ?? "; the first run"))
      table(&w, "VMs by verdict", ["verdict", "VMs"], s.verdicts.map { [$0.verdict, String($0.vms)] })
      if s.previousRun != nil {
        table(
          &w, "Since the previous run", ["change", "VMs"],
          [
            ["newly broken", s.newlyBroken.map(\.vm).joined(separator: ", ")],
            ["fixed", s.fixed.map(\.vm).joined(separator: ", ")], ["new", s.added.joined(separator: ", ")],
            ["gone", s.gone.joined(separator: ", ")],
          ])
      }
      table(
        &w, "Findings by rule", ["rule", "severity", "findings", "VMs"],
        s.rules.map { [$0.rule, $0.severity, String($0.findings), $0.vms.joined(separator: ", ")] })
      table(
        &w, "By kernel version", ["kernel", "VMs", "broken"],
        s.kernels.map { [$0.key, String($0.vms), String($0.broken)] })
      table(
        &w, "By generation and platform", ["platform", "VMs", "broken"],
        s.platforms.map { [$0.key, String($0.vms), String($0.broken)] })
      if !s.notChecked.isEmpty {
        table(
          &w, "Not checked", ["VM", "status", "reason"], s.notChecked.map { [$0.vm, $0.status, $0.reason] })
      }
    }
  }

  private static func table(
    _ w: inout HTMLWriter, _ caption: String, _ headings: [String], _ rows: [[String]]
  ) {
    w.table(caption: caption, class: "vms", headings: headings, rows: rows)
  }

  private static func line(_ label: String, _ vms: [String]) -> String {
    "  \(label) (\(vms.count))" + (vms.isEmpty ? "" : ": " + capped(vms)) + "\n"
  }

  private static func capped(_ vms: [String]) -> String {
    vms.prefix(listed).joined(separator: ", ")
      + (vms.count > listed ? ", and \(vms.count - listed) more" : "")
  }

  private static func counts(_ counts: [FleetSummary.Count]) -> String {
    counts.map { "  \($0.key): \($0.vms) VM\($0.vms == 1 ? "" : "s"), \($0.broken) broken\n" }.joined()
  }

  private static func counts(_ counts: [FleetSummary.Count], to w: inout JSONWriter) {
    w.array { w in
      for c in counts {
        w.object { w in
          w.member("key", c.key)
          w.member("vms", c.vms)
          w.member("broken", c.broken)
        }
      }
    }
  }

  private static func changes(_ changes: [FleetSummary.Change], to w: inout JSONWriter) {
    w.array { w in
      for c in changes {
        w.object { w in
          w.member("vm", c.vm)
          w.member("before", c.before)
          w.member("now", c.now)
        }
      }
    }
  }
}
