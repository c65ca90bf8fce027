import Foundation
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
      // Through the registry, as `check` runs it: scope and evidence attribution included.
      let findings = RuleRegistry.check(example.capture).filter { $0.rule == d.id }
      let severities = findings.map(\.severity)
      #expect(
        severities.max() == example.severity,
        "\(d.id) \(example.note) (\(example.file):\(example.line)): got \(severities)")
      for finding in findings {
        #expect(!finding.evidence.isEmpty, "\(d.id) \(example.note): a finding without evidence")
        #expect(finding.evidence.allSatisfy { $0.provenance.line > 0 })
      }
      // The lines the example marks `↓` are cited by a finding of the rule.
      let cited = Set(
        findings.flatMap { $0.evidence.map { "\($0.provenance.source):\($0.provenance.line)" } })
      let marked = example.markedLines.map { "\($0.file):\($0.line)" }
      #expect(
        !marked.isEmpty,
        "\(d.id) \(example.note) (\(example.file):\(example.line)) marks no line; it cites \(findings.map { $0.evidence.map { "\($0.provenance.source):\($0.provenance.line) \($0.provenance.text)" } })"
      )
      for line in marked {
        #expect(
          cited.contains(line),
          "\(d.id) \(example.note) (\(example.file):\(example.line)): \(line) is not cited (cited: \(cited.sorted()))"
        )
      }
    }
  }

  @Test(arguments: rules)
  func nonTriggeringExamplesReportNothing(_ box: ObjectIdentifierBox) throws {
    let d = box.rule.description
    #expect(!d.nonTriggering.isEmpty, "\(d.id) has no non-triggering example")
    for example in d.nonTriggering {
      let findings = RuleRegistry.check(example.capture).filter { $0.rule == d.id }
      #expect(
        findings.isEmpty,
        "\(d.id) \(example.note) (\(example.file):\(example.line)): \(findings.map(\.message))")
    }
  }

  /// Adding a rule is its file, its examples and one line in `RuleRegistry.all`: a rule file
  /// the registry does not list would never run, so the registry is held to the files.
  @Test func theRegistryListsEveryRuleFile() throws {
    let names = try listDirectory(Repo.path("Sources/KdumpCheck/Rules"))
    let ruleFiles = names.filter {
      $0.hasPrefix("KD") && $0.hasSuffix(".swift") && !$0.hasSuffix("Examples.swift")
    }
    #expect(ruleFiles.map { String($0.prefix(5)) }.sorted() == RuleRegistry.descriptions.map(\.id))
    for rule in RuleRegistry.all {
      #expect(ruleFiles.contains("\(rule).swift"), "\(rule) is not declared in a file of its name")
      #expect(
        names.contains("\(rule.description.id)Examples.swift"), "\(rule.description.id) has no examples file")
    }
  }

  /// A rule's messages are typed values at the end of its file (`extension Finding.Message`),
  /// not text built where it decides: the wording is reviewed in one place.
  @Test func messagesAreDeclaredAtTheEndOfEachRuleFile() throws {
    let dir = Repo.path("Sources/KdumpCheck/Rules")
    for name in try listDirectory(dir) where name.hasPrefix("KD") && !name.hasSuffix("Examples.swift") {
      let text = try Repo.read("Sources/KdumpCheck/Rules/" + name)
      guard text.contains("finding(") else { continue }
      let parts = text.components(separatedBy: "extension Finding.Message {")
      #expect(parts.count == 2, "\(name) declares its messages in one `extension Finding.Message` at its end")
      let logic = parts[0]
      #expect(!logic.contains("var message"), "\(name) builds a message where it decides")
      #expect(
        logic.range(of: #"message:\s*\""#, options: .regularExpression) == nil,
        "\(name) passes a message literal where it decides")
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
