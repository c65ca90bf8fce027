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
    abstract: "Print a rule's page: what it finds, why kdump breaks, what to do, examples.",
    discussion: "Example:\n  iomem-audit explain KD002")

  @Argument(help: "A rule id such as KD002.")
  var rule: String

  func validate() throws {
    guard RuleRegistry.rule(id: rule) != nil else {
      throw ValidationError("unknown rule `\(rule)`; `iomem-audit rules` lists them")
    }
  }

  func run() {
    Terminal.out(RulePage.markdown(RuleRegistry.rule(id: rule)!.description))
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
