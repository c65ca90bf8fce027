import IomemParse
import KdumpCheck
import Testing

/// Every rule's own examples, run the same way for each rule (SwiftLint's verifyRule).
@Suite struct RuleExampleTests {
  static let rules = RuleRegistry.all.map { ObjectIdentifierBox($0) }

  @Test(arguments: rules)
  func triggeringExamplesReportAtTheirSeverity(_ box: ObjectIdentifierBox) throws {
    let d = box.rule.description
    #expect(!d.triggering.isEmpty, "\(d.id) has no triggering example")
    for example in d.triggering {
      let findings = box.rule.init().check(example.capture)
      let severities = findings.filter { $0.rule == d.id }.map(\.severity)
      #expect(
        severities.max() == example.severity,
        "\(d.id) \(example.note) (\(example.file):\(example.line)): got \(severities)")
      for finding in findings {
        #expect(!finding.evidence.isEmpty, "\(d.id) \(example.note): a finding without evidence")
        #expect(finding.evidence.allSatisfy { $0.provenance.line > 0 })
      }
    }
  }

  @Test(arguments: rules)
  func nonTriggeringExamplesReportNothing(_ box: ObjectIdentifierBox) throws {
    let d = box.rule.description
    #expect(!d.nonTriggering.isEmpty, "\(d.id) has no non-triggering example")
    for example in d.nonTriggering {
      let findings = box.rule.init().check(example.capture)
      #expect(
        findings.isEmpty,
        "\(d.id) \(example.note) (\(example.file):\(example.line)): \(findings.map(\.message))")
    }
  }

  @Test func idsAreUniqueAndOrdered() {
    let ids = RuleRegistry.descriptions.map(\.id)
    #expect(ids == (1...ids.count).map { $0 < 10 ? "KD00\($0)" : "KD0\($0)" })
    #expect(Set(RuleRegistry.descriptions.map(\.name)).count == ids.count)
  }

  @Test func rulePagesInDocsMatchTheDeclarations() throws {
    for d in RuleRegistry.descriptions {
      let page = try Repo.read("docs/rules/\(d.id).md")
      #expect(
        page == RulePage.markdown(d),
        "docs/rules/\(d.id).md is out of date: run `iomem-audit explain \(d.id) > docs/rules/\(d.id).md`")
    }
  }
}

/// Lets rule types be test arguments with a readable name.
struct ObjectIdentifierBox: CustomTestStringConvertible, Sendable {
  let rule: any Rule.Type
  init(_ rule: any Rule.Type) { self.rule = rule }
  var testDescription: String { rule.description.id }
}
