/// A rule's page (docs/rules/KDnnn.md and `iomem-audit explain`), generated from its declaration
/// in the clippy/ruff shape: what it does and at which severity, why it breaks kdump, what to do, what
/// it rests on, examples.
public enum RulePage {
  public static func markdown(_ d: RuleDescription) -> String {
    var out = "# \(d.id): \(d.name)\n\n"
    out += "Applies to: \(d.scope.rawValue)\n\n"
    out += "## What it finds\n\n\(d.summary)\n\n"
    out += "| condition | severity | when |\n|---|---|---|\n"
    for c in d.conditions { out += "| `\(c.id)` | \(c.severity.rawValue) | \(c.when) |\n" }
    out += "\n"
    out += "## Why kdump breaks\n\n\(d.explanation)\n\n"
    out += "## What to do\n\n\(d.remediation)\n\n"
    if !d.references.isEmpty {
      out += "## References\n\n"
      for r in d.references { out += "- \(r.text)\n" }
      out += "\n"
    }
    out += "## Examples that trigger it\n\n"
    out += "`\(RuleExample.marker)` marks a line the finding cites; it is not part of the input.\n\n"
    for example in d.triggering { out += section(example) }
    out += "## Examples that do not\n\n"
    for example in d.nonTriggering { out += section(example) }
    return out
  }

  private static func section(_ example: RuleExample) -> String {
    var out = "### \(example.note)"
    if let s = example.severity { out += " (\(s.rawValue))" }
    out += "\n\n"
    for file in example.files {
      out += "`\(file.name)`:\n\n```\n\(file.text)\n```\n\n"
    }
    return out
  }
}
