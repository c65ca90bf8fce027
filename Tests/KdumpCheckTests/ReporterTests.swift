import IomemParse
import JSONText
import KdumpCheck
import Testing

@Suite struct ReporterTests {
  let report = CheckReport(capture: try! Repo.sampleCapture("gen1-hyperv-highmmio-vram"))

  @Test func sarifHasOneRulePerRuleAndResultsAtEvidenceLines() throws {
    let sarif = try JSONParser.parse(SARIFReporter.render(report, toolVersion: "test"))
    #expect(sarif["version"]?.stringValue == "2.1.0")
    let run = try #require(sarif["runs"]?.arrayValue?.first)
    let rules = run["tool"]?["driver"]?["rules"]?.arrayValue ?? []
    #expect(rules.compactMap { $0["id"]?.stringValue } == RuleRegistry.descriptions.map(\.id))
    #expect(rules.allSatisfy { $0["help"]?["text"]?.stringValue?.isEmpty == false })
    let results = run["results"]?.arrayValue ?? []
    #expect(results.count == report.findings.count)
    let first = try #require(results.first)
    #expect(first["ruleId"]?.stringValue == "KD001")
    #expect(first["level"]?.stringValue == "error")
    let location = first["locations"]?.arrayValue?.first?["physicalLocation"]
    #expect(location?["artifactLocation"]?["uri"]?.stringValue?.hasSuffix("serial-console.log") == true)
    #expect(location?["region"]?["startLine"]?.intValue == 49)
  }

  @Test func sarifReportsInfoAsNote() throws {
    let builtin = CheckReport(capture: try Repo.sampleCapture("hv-pci-builtin"))
    let sarif = try JSONParser.parse(SARIFReporter.render(builtin, toolVersion: "test"))
    let levels = sarif["runs"]?.arrayValue?.first?["results"]?.arrayValue?.compactMap {
      $0["level"]?.stringValue
    }
    #expect(levels == ["note"])
  }

  @Test func jsonCarriesTheDocumentedFields() throws {
    let json = try JSONParser.parse(JSONReporter.render(report))
    let finding = try #require(json["findings"]?.arrayValue?.first)
    #expect(finding["rule"]?.stringValue == "KD001")
    #expect(finding["ranges"]?.arrayValue?.first?["start"]?.stringValue == "0xfe0000000")
    let evidence = try #require(finding["evidence"]?.arrayValue?.first)
    #expect(evidence["line"]?.intValue == 49)
    #expect(evidence["boot"]?.intValue == 1)
    #expect(evidence["role"]?.stringValue == "kdump")
    #expect(
      evidence["text"]?.stringValue
        == "pci_bus 1c2d:00: root bus resource [mem 0xfe0000000-0xfe07fffff window]")
    #expect(json["schema_version"]?.intValue == 2)
    let vm = try #require(json["vms"]?.arrayValue?.first)
    #expect(vm["verdict"]?.stringValue == "broken")
    #expect(vm["platform"]?["hypervisor"]?.stringValue == "hyper-v")
    #expect(vm["platform"]?["generation"]?.stringValue == "gen1")
    let inputs = vm["inputs"]?.arrayValue ?? []
    #expect(inputs.compactMap { $0["kind"]?.stringValue } == ["boot", "boot", "iomem_dump"])
    #expect(inputs.compactMap { $0["kernel"]?.stringValue } == ["first", "kdump", "first"])
    #expect(inputs.last?["reason"]?.stringValue?.contains("it has a `Crash kernel` entry") == true)
    #expect(vm["incidents"]?.arrayValue?.first?["kdump_proven"] == .bool(true))
    #expect(json["summary"]?["error"]?.intValue == 2)
    #expect(json["summary"]?["vms"]?["broken"]?.intValue == 1)
  }

  @Test func junitHasOneTestcasePerVM() throws {
    let xml = JUnitReporter.render(report, failOn: .error)
    #expect(xml.contains("tests=\"1\" failures=\"1\" skipped=\"0\""))
    #expect(xml.contains("<testcase classname=\"iomem-audit.check\" name=\"VM\">"))
    #expect(xml.contains("<failure type=\"error\" message=\"KD001: "))
    let undecided = CheckReport(capture: try Repo.sampleCapture("cvm-azure"))
    let skipped = JUnitReporter.render(undecided, failOn: .warning)
    #expect(skipped.contains("<skipped message=\"undecided: only the first kernel was captured"))
    #expect(skipped.contains("failures=\"0\" skipped=\"1\""))
    let failing = JUnitReporter.render(undecided, failOn: .warning, failOnUndecided: true)
    #expect(failing.contains("<failure type=\"undecided\""))
    #expect(failing.contains("failures=\"1\" skipped=\"0\""))
  }

  @Test func githubAnnotationsPointAtTheFirstEvidence() {
    let lines = GitHubReporter.render(report).split(separator: "\n")
    #expect(lines.first?.hasPrefix("::error file=") == true)
    #expect(
      lines.first?.contains("serial-console.log,line=49,title=KD001 kdump-claim-overlaps-vram::") == true)
    #expect(lines.contains { $0.hasPrefix("::warning ") })
    #expect(lines.last == "iomem-audit: 2 errors, 2 warnings, 0 notes, 0 info")
  }

  @Test func textGroupsBySeverityAndQuotesEvidence() {
    let text = TextReporter.render(report, color: false)
    #expect(text.hasPrefix("VM (inputs): BROKEN — 2 error-level findings (KD001, KD002)\n"))
    #expect(text.contains("ERRORS (2)"))
    #expect(text.firstRange(of: "ERRORS (2)")!.lowerBound < text.firstRange(of: "INPUTS")!.lowerBound)
    #expect(
      text.contains("      > pci_bus 1c2d:00: root bus resource [mem 0xfe0000000-0xfe07fffff window]\n"))
    #expect(!text.contains("\u{1B}["))
    #expect(text.hasSuffix("2 errors, 2 warnings, 0 notes, 0 info\n"))
    #expect(TextReporter.render(report, color: true).contains("\u{1B}[1;31m"))
  }
}
