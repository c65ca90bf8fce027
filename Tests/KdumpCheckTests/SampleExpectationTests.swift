import IomemParse
import JSONText
import KdumpCheck
import Testing

/// Each sample folder gives exactly the findings its expected.json lists.
@Suite struct SampleExpectationTests {
  /// Every sample that is one VM of plain files (the fleet sample and the collected archives of
  /// the readiness samples are checked by the CLI tests).
  static let samples = ((try? listDirectory(Repo.path("samples")).sorted()) ?? []).filter {
    $0 != "fleet" && !$0.hasPrefix("readiness-")
  }

  @Test(arguments: samples)
  func sampleGivesItsExpectedFindings(_ name: String) throws {
    let expected = try JSONParser.parse(try Repo.read("samples/\(name)/expected.json"))
    let want = (expected["findings"]?.arrayValue ?? []).map {
      "\($0["rule"]!.stringValue!) \($0["severity"]!.stringValue!)"
    }
    let report = CheckReport(capture: try Repo.sampleCapture(name))
    let got = report.findings.map { "\($0.rule) \($0.severity.rawValue)" }
    #expect(got.sorted() == want.sorted(), "\(name)")
    #expect(report.vms.first?.verdict.rawValue == expected["verdict"]?.stringValue, "\(name)")
    for f in report.findings {
      let rule = try #require(RuleRegistry.rule(id: f.rule)).description
      #expect(
        rule.conditions.contains { $0.id == f.condition && $0.severity == f.severity },
        "\(name): \(f.rule) \(f.condition) at \(f.severity) is not a declared condition")
    }
  }

  @Test func seedCitesTheLinesASupportEngineerNeeds() throws {
    let report = CheckReport(capture: try Repo.sampleCapture("seed-thread"))
    let kd002 = try #require(report.findings.first { $0.rule == "KD002" })
    #expect(kd002.severity == .warning)
    let cited = kd002.evidence.map { "\($0.provenance.line) boot \($0.boot)" }
    #expect(cited.contains("96 boot 1"))  // Gen1 VM: start=0xf8000000, size=0x4000000
    #expect(cited.contains("92 boot 0"))  // fe0000000-fe7ffffff : 5620e0c7-…
    #expect(cited.contains("63 boot 0"))  // hv_vmbus: hv_mmio=… fb=…
    #expect(kd002.evidence.first?.provenance.text == "Gen1 VM: start=0xf8000000, size=0x4000000")
    #expect(kd002.message.contains("128 MiB of VRAM did not fit its 64 MiB reservation"))
    #expect(kd002.message.contains("does not prove it"))
    // The assumption is said once, and every sentence starts with a capital.
    #expect(kd002.message.ranges(of: "2a8a8afba0c3").count == 1)
    #expect(!kd002.message.contains(". boot") && !kd002.message.contains(". the "))
    #expect(kd002.missing.contains { $0.contains("elfcorehdr=") })
    #expect(kd002.ranges.contains(AddressRange(start: 0xfe000_0000, inclusiveEnd: 0xfe7ff_ffff)!))
  }

  @Test func gen2FailureExplainsTheCost() throws {
    let report = CheckReport(capture: try Repo.sampleCapture("gen2-azure-d0-failure"))
    let kd004 = try #require(report.findings.first { $0.rule == "KD004" })
    #expect(kd004.message.contains("NVMe"))
    #expect(kd004.evidence.map(\.provenance.line) == [11, 12, 13, 14])
    #expect(
      kd004.evidence.allSatisfy { $0.role == .kdump && $0.provenance.source.hasSuffix("kexec-dmesg.log") })
    let kd001 = try #require(report.findings.first { $0.rule == "KD001" })
    #expect(kd001.message.contains("0x40000000-0x40001fff (inferred)"))
    // The inferred window rests on the first kernel's efifb line: cited under that kernel.
    let efifb = try #require(kd001.evidence.first { $0.provenance.text.hasPrefix("efifb: framebuffer at") })
    #expect(efifb.role == .first && efifb.provenance.source.hasSuffix("vmcore-dmesg.txt"))
  }

  @Test func findingsDoNotDependOnInputOrder() throws {
    let files = try Repo.sampleFiles("gen2-azure-d0-failure").map { try CaptureFile.read(path: $0) }
    let forward = CheckReport(capture: Capture(files: files)).findings.map(\.fingerprint).sorted()
    let backward = CheckReport(capture: Capture(files: files.reversed())).findings.map(\.fingerprint).sorted()
    #expect(forward == backward)
    #expect(!forward.isEmpty)
  }

  @Test func baselineSuppressesByFingerprint() throws {
    let capture = try Repo.sampleCapture("seed-thread")
    let all = CheckReport(capture: capture)
    let baseline = try Baseline(json: Baseline.json(for: all.findings.filter { $0.rule == "KD002" }))
    let filtered = CheckReport(capture: capture, baseline: baseline.fingerprints)
    #expect(filtered.findings.map(\.rule) == ["KD006"])
    #expect(filtered.suppressed == 1)
    #expect(filtered.summary == "0 errors, 0 warnings, 1 note, 0 info (1 suppressed by the baseline)")
  }
}
