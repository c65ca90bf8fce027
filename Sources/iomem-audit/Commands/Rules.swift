import ArgumentParser
import KdumpCheck

struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the rules `check` runs.",
    discussion: "Example:\n  iomem-audit rules")

  func run() {
    for d in RuleRegistry.descriptions {
      Terminal.out("\(d.id)  \(d.severity.rawValue.padding(7))  \(d.name)\n      \(d.summary)\n")
    }
  }
}

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Print a rule's page (what it finds, why kdump breaks, what to do, examples), or the table of kernel changes the rules consult.",
    discussion: "Examples:\n  iomem-audit explain KD002\n  iomem-audit explain kernel-changes")

  static let changesTopic = "kernel-changes"

  @Argument(help: "A rule id such as KD002, or `kernel-changes`.")
  var rule: String

  func validate() throws {
    guard rule == Self.changesTopic || RuleRegistry.rule(id: rule) != nil else {
      throw ValidationError("unknown rule `\(rule)`; `iomem-audit rules` lists them")
    }
  }

  func run() {
    if rule == Self.changesTopic {
      Terminal.out(KernelChangePage.markdown())
    } else {
      Terminal.out(RulePage.markdown(RuleRegistry.rule(id: rule)!.description))
    }
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
