import Foundation
import IomemParse
import KdumpCheck
import Testing

/// A long log checked a segment of boots at a time reports what checking it whole reports —
/// the same verdict, findings (with their evidence lines, recurrences and maps), gaps and
/// platform — while its earlier boots are released; where another capture needs them, the VM
/// is checked whole.
@Suite struct SegmentedCheckTests {
  /// A year of one VM's serial console: Gen1 incidents whose kdump kernel's hv_pci lands on
  /// the live VRAM (the sample's two boots), D0 failures (RecurrenceTests'), a boot with no
  /// command line, in a fixed shuffled order.
  static func yearOfSerialConsole(rounds: Int) throws -> String {
    let gen1 = try String(
      contentsOfFile: Repo.path("samples/gen1-hyperv-highmmio-vram/serial-console.log"), encoding: .utf8)
    let d0 = RecurrenceTests.serialConsole(incidents: 1)
    let bare = """
      [    0.000000] Linux version 5.15.0-1068-azure (buildd@lcy02-amd64-058) #77-Ubuntu SMP
      [    2.002214] hv_vmbus: registering driver hv_pci

      """
    var log = ""
    for n in 0..<rounds { log += [gen1, d0, gen1, bare, d0][n % 5] }
    return log
  }

  static func segmented(
    _ text: String, source: String = "serial.log", others: [CaptureFile] = [], segmentBoots: Int = 4
  ) -> SegmentedCheck.Outcome {
    let check = SegmentedCheck(vm: "", options: CheckOptions(), fleet: false, segmentBoots: segmentBoots)
    var reader = CaptureFileReader(source: source)
    reader.onBoot = check.receiver(for: source)
    Array(text.utf8).withByteView { reader.feed(chunk: $0) }
    return check.finish(files: [reader.finish()] + others, skipped: [], baseline: [])
  }

  static func findingsText(_ report: VMReport) -> String {
    let text = TextReporter.render(CheckReport(vms: [report], fleet: false), color: false)
    let start = text.range(of: "\nFINDINGS")?.lowerBound ?? text.endIndex
    return String(text[start...])
  }

  @Test func aLongLogCheckedInSegmentsReportsWhatTheWholeLogReports() throws {
    let log = try Self.yearOfSerialConsole(rounds: 40)
    let whole = VMReport(capture: Capture(files: [CaptureFile.read(text: log, source: "serial.log")]))
    guard case .report(let parts) = Self.segmented(log) else {
      Issue.record("the log was checked whole")
      return
    }
    let earlier = try #require(parts.capture.earlier)
    // Most boots were checked and released: the last capture holds only the last segment.
    #expect(earlier.boots > 50)
    #expect(parts.capture.graphs.count < 12)
    #expect(earlier.boots + parts.capture.graphs.count == whole.capture.graphs.count)
    #expect(earlier.incidents + parts.capture.pairs.count == whole.capture.pairs.count)

    #expect(parts.verdict == whole.verdict)
    #expect(parts.verdictReason == whole.verdictReason)
    #expect(parts.gaps == whole.gaps)
    #expect(parts.capture.platform.summary == whole.capture.platform.summary)
    #expect(parts.capture.platform.evidence == whole.capture.platform.evidence)
    #expect(!whole.findings.isEmpty)
    func described(_ f: Finding) -> String {
      "\(f.rule)/\(f.condition)/\(f.severity) \(f.message) \(f.evidence.map { "\($0.provenance):\($0.boot)" }) "
        + "\(f.occurrences) \(f.recurrences.map { "\($0.provenance):\($0.boot)" }) \(f.fingerprint)"
    }
    #expect(parts.findings.map(described) == whole.findings.map(described))
    // The findings as a user reads them, address maps included, are the same text.
    #expect(Self.findingsText(parts) == Self.findingsText(whole))
    // INPUTS counts the released boots instead of listing them.
    let text = TextReporter.render(CheckReport(vms: [parts], fleet: false), color: false)
    let run = try #require(earlier.run(of: "serial.log"))
    #expect(text.contains("boots 0-\(run.lastIndex), lines 1-\(run.lastLine): \(run.boots) boots ("))
    #expect(text.contains("incidents 1-\(earlier.incidents): in the earlier boots above"))
    #expect(text.contains("incident \(earlier.incidents + 1): "))
    // The HTML page says the same, and draws each finding's earlier incident once.
    let page = HTMLReporter.render(CheckReport(vms: [parts], fleet: false))
    #expect(
      page.contains(
        "<li data-kind=\"earlier_boots\">serial.log boots 0-\(run.lastIndex), lines 1-\(run.lastLine): \(run.boots) boots ("
      ))
    #expect(!earlier.findingIncidents.isEmpty)
    #expect(
      page.components(separatedBy: "<figcaption>an earlier incident: ").count - 1
        == earlier.findingIncidents.count)
    #expect(page.contains("incident \(earlier.incidents + 1): "))
  }

  @Test func anotherInputWithTheSameBootsHasTheVMCheckedWhole() throws {
    let log = try Self.yearOfSerialConsole(rounds: 20)
    // A journal's kernel lines beside the serial console: the same first boots, read twice.
    let copy = CaptureFile.read(text: RecurrenceTests.serialConsole(incidents: 1), source: "kern.log")
    let outcome = Self.segmented(try Self.yearOfSerialConsole(rounds: 1) + log, others: [copy])
    guard case .checkWhole(let reason) = outcome else {
      Issue.record("the VM was checked in segments although kern.log may repeat its boots")
      return
    }
    #expect(reason.contains("kern.log boot 0 may be a boot of serial.log already checked"))
  }

  @Test func aShortLogIsOneCaptureAsBefore() throws {
    let log = try Self.yearOfSerialConsole(rounds: 2)
    guard case .report(let report) = Self.segmented(log, segmentBoots: 256) else {
      Issue.record("a short log was checked whole only after a conflict")
      return
    }
    #expect(report.capture.earlier == nil)
    let whole = VMReport(capture: Capture(files: [CaptureFile.read(text: log, source: "serial.log")]))
    #expect(Self.findingsText(report) == Self.findingsText(whole))
  }

  @Test func recurrencesPastTheListingLimitAreCountedNotKept() throws {
    let report = VMReport(
      capture: Capture(files: [
        CaptureFile.read(text: RecurrenceTests.serialConsole(incidents: 150), source: "s")
      ]))
    let d0 = try #require(report.findings.first { $0.rule == "KD004" })
    #expect(d0.occurrences == 150)
    #expect(d0.recurrences.count == 100)
    #expect(d0.unlistedRecurrences == 49)
    #expect(d0.recurrenceText(limit: 1) == "Also in 149 more boots: s:25 (boot 3, kdump), and 148 more.")
  }
}
