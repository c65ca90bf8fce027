/// docs/kernel-changes.md and `iomem-audit explain kernel-changes`: the table of kernel changes
/// the rules consult, generated from `KernelChange.table`, with how a kernel's status is decided.
public enum KernelChangePage {
  public static func markdown() -> String {
    var out = "# Kernel changes the rules consult\n\n"
    out += """
      A finding that depends on one of these changes says whether the kernel it is about has it, and
      how that is known (`boots` lists every boot's status). Log evidence comes first. Then the
      version in the `Linux version` banner: a kernel at or above the change's mainline release has
      it — distribution kernels only add backports — unless a later change removed it; below it, a
      mainline or stable kernel has it from its branch's first point release that carries it (where
      that is recorded here), lacks it where no backport is known, and a distribution kernel
      (`6.8.0-1030-azure`, `5.14.0-427.el9`) is unknown.


      """
    out += "| change | subject | what it does | mainline | stable | removed by | evidence in a log |\n"
    out += "|---|---|---|---|---|---|---|\n"
    for c in KernelChange.table {
      let id = c.obtainable ? c.id.rawValue : "(proposal)"
      let cells = [
        id, c.subject, c.effect, c.mainline?.description ?? "not known to be merged", c.stableNote,
        c.removedBy?.rawValue ?? "", c.evidence.isEmpty ? "no line shows it" : c.evidence,
      ]
      out +=
        "| " + cells.map { $0.split(separator: "|").joined(separator: "\\|") }.joined(separator: " | ")
        + " |\n"
    }
    return out
  }
}
