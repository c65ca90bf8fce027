import IomemParse
import KdumpCheck
import Testing

/// Every input a fuzzer once crashed on (fuzz/regressions/) goes through the readers and `check`
/// with the invariants the fuzz targets assert.
@Suite struct FuzzRegressionTests {
  static let inputs = (try? listDirectory(Repo.path("fuzz/regressions")).sorted()) ?? []

  @Test func thereAreRegressionInputs() { #expect(!Self.inputs.isEmpty) }

  @Test(arguments: inputs)
  func crashInputNowReadsCleanly(_ name: String) throws {
    let file = try CaptureFile.read(path: Repo.path("fuzz/regressions/\(name)"))
    let l = file.iomem.lines
    #expect(l.entries + l.skipped + l.blank + l.bad + l.elisions + l.ioports + l.joined == l.total)
    let report = CheckReport(capture: Capture(files: [file]))
    #expect(report.findings.allSatisfy { !$0.evidence.isEmpty })
    #expect(!SARIFReporter.render(report, toolVersion: "test").isEmpty)
    #expect(file.log.lines.total == l.total)
  }
}
