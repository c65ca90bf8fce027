import ArgumentParser
import Foundation
import IomemParse
import KdumpCheck

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Explain why the kdump kernel's MMIO claims collide with what the first kernel left behind.",
    discussion: """
      INPUT is a file, a directory (a captured VM bundle or an extracted sosreport), or `-` for a paste on stdin that may mix /proc/iomem, log lines and prose. Each input's kind and each boot's role are inferred and shown; --first/--kdump/--iomem-of override them.

      Exit status: 0 no finding at or above --fail-on; 1 findings (at or above --fail-on, default warning); 2 the command line is wrong or an input cannot be read or holds nothing recognisable.

      Examples:
        iomem-audit check samples/seed-thread/paste.txt
        iomem-audit check --format sarif vm-bundle/ > results.sarif
        iomem-audit check --first vmcore-dmesg.txt --kdump serial.log iomem.txt
        iomem-audit check --baseline known.json --fail-on error captures/
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif, junit, github, html }
  enum FailOn: String, ExpressibleByArgument, CaseIterable { case error, warning, note, info, never }

  @Argument(help: "Files, directories, or `-` for stdin (the default when no input is given).")
  var inputs: [String] = []

  @Option(
    help:
      "Output: text, json, sarif (SARIF 2.1.0), junit, github (workflow annotations), html (one self-contained page with the address maps). Example: --format sarif"
  )
  var format: Format = .text

  @Option(
    help:
      "With --format html: write index.html and one page per VM into this directory instead of one page on stdout (for fleets). Example: --output report/"
  )
  var output: String?

  @Option(
    help:
      "Exit 1 when a finding is at or above this severity: error, warning, note, info, never. Example: --fail-on error"
  )
  var failOn: FailOn = .warning

  @Option(
    name: .customLong("first"),
    help: "An input holding the first (crashed) kernel's log. Repeatable. Example: --first vmcore-dmesg.txt")
  var firstInputs: [String] = []

  @Option(
    name: .customLong("kdump"),
    help: "An input holding the kdump kernel's log. Repeatable. Example: --kdump serial.log")
  var kdumpInputs: [String] = []

  @Option(
    help:
      "Which kernel the /proc/iomem dumps were taken in: first (default) or kdump. Example: --iomem-of kdump")
  var iomemOf: IomemOf = .first

  @Option(
    help: ArgumentHelp(
      "Check up to this many VMs at once (default: the number of cores).", valueName: "n"))
  var jobs: Int?

  @Option(help: "Suppress findings recorded in this baseline file. Example: --baseline known-findings.json")
  var baseline: String?

  @Option(
    help: "Write the current findings to this baseline file. Example: --write-baseline known-findings.json")
  var writeBaseline: String?

  enum IomemOf: String, ExpressibleByArgument, CaseIterable { case first, kdump }

  @Flag(
    help:
      "Exit 1 (and fail its JUnit testcase) when a VM is undecided: its captures do not hold what would decide. Example: --fail-on-undecided"
  )
  var failOnUndecided = false

  func validate() throws {
    if output != nil, format != .html { throw ValidationError("--output needs --format html") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs needs at least 1") }
  }

  /// The HTML report as a site: the directory is created when missing; a file that cannot be
  /// written is a usage error (exit 2) naming it.
  private func writeSite(_ report: CheckReport, to directory: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      Terminal.error("iomem-audit: \(directory): cannot create the directory (\(error.localizedDescription))")
      throw ExitCode(2)
    }
    for page in HTMLReporter.site(report) {
      let path = directory + "/" + page.file
      guard Terminal.writeFile(path, page.html) else {
        Terminal.error("iomem-audit: \(path): cannot write the page")
        throw ExitCode(2)
      }
    }
    Terminal.error(
      "iomem-audit: wrote \(directory)/index.html and \(report.vms.count) VM page\(report.vms.count == 1 ? "" : "s")"
    )
  }

  func run() throws {
    let report: CheckReport
    do {
      report = try makeReport()
    } catch let failure as UsageFailure {
      Terminal.error("iomem-audit: \(failure.description)")
      throw ExitCode(2)
    }
    switch format {
    case .text:
      Terminal.out(
        TextReporter.render(report, color: Terminal.wantsColor(fd: 1), unicode: Terminal.utf8Locale))
    case .json: Terminal.out(JSONReporter.render(report))
    case .sarif: Terminal.out(SARIFReporter.render(report, toolVersion: IomemAudit.version))
    case .junit:
      Terminal.out(
        JUnitReporter.render(report, failOn: failOn.severity ?? .error, failOnUndecided: failOnUndecided))
    case .github: Terminal.out(GitHubReporter.render(report))
    case .html:
      if let output {
        try writeSite(report, to: output)
      } else {
        Terminal.out(HTMLReporter.render(report))
      }
    }
    if let writeBaseline {
      guard Terminal.writeFile(writeBaseline, Baseline.json(for: report.findings)) else {
        Terminal.error("iomem-audit: \(writeBaseline): cannot write the baseline")
        throw ExitCode(2)
      }
    }
    if let threshold = failOn.severity, report.findings.contains(where: { $0.severity >= threshold }) {
      throw ExitCode(1)
    }
    if failOnUndecided, report.vms.contains(where: { $0.verdict == .undecided }) { throw ExitCode(1) }
  }

  private func makeReport() throws -> CheckReport {
    // No input at all means a paste on stdin, as `iomem-audit check < mail.txt` expects.
    let given = inputs + firstInputs + kdumpInputs
    let all = given.isEmpty ? ["-"] : given
    let explicit = Set(all.map(InputDiscovery.normalise))
    let (vms, fleet, strays) = try InputDiscovery.vms(all)
    for stray in strays {
      Terminal.error(
        "iomem-audit: \(stray): not inside any VM's capture (no capture root holds it); not read")
    }
    let options = CheckOptions(
      firstSources: Set(firstInputs.map(InputDiscovery.normalise)),
      kdumpSources: Set(kdumpInputs.map(InputDiscovery.normalise)),
      iomemOf: iomemOf == .kdump ? .kdump : .first)
    let suppressed = try readBaseline()
    // Each VM is read and checked on its own, on up to `jobs` cores; results, messages and the
    // first error are taken in VM order, so the output does not depend on the scheduling.
    let progress = Progress(total: vms.count)
    let outcomes = ParallelMap.run(vms, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount) { vm in
      defer { progress.step() }
      return Result { () throws(UsageFailure) in
        try checkVM(vm, explicit: explicit, options: options, baseline: suppressed, fleet: fleet)
      }
    }
    progress.finish()
    var reports: [VMReport] = []
    for outcome in outcomes {
      let (report, message) = try outcome.get()
      if let message { Terminal.error(message) }
      if let report { reports.append(report) }
    }
    guard !reports.isEmpty else {
      throw UsageFailure(description: "no input holds /proc/iomem or kernel log lines")
    }
    return CheckReport(vms: reports, fleet: fleet)
  }

  /// The fingerprints of `--baseline`, none without it.
  private func readBaseline() throws -> Set<String> {
    guard let baseline else { return [] }
    guard let text = Terminal.readFile(baseline) else {
      throw UsageFailure(description: "\(baseline): cannot read the baseline")
    }
    do {
      return try Baseline(json: text).fingerprints
    } catch {
      throw UsageFailure(description: "\(baseline): \(error)")
    }
  }

  /// One VM read and checked: its report, or the message saying why it was skipped.
  private func checkVM(
    _ vm: VMInput, explicit: Set<String>, options: CheckOptions, baseline: Set<String>, fleet: Bool
  ) throws(UsageFailure) -> (VMReport?, String?) {
    var files: [CaptureFile] = []
    var skipped: [SkippedInput] = []
    // A rotated log is read where its first file is listed, all its files as one stream.
    let logs = RotatedLog.group(vm.paths)
    let logOf = Dictionary(
      logs.flatMap { log in log.files.map { ($0, log) } }, uniquingKeysWith: { a, _ in a })
    for entry in vm.entries {
      switch entry {
      case .file(let path):
        guard let log = logOf[path], log.files[0] == path else { continue }
        let (file, unread) = try read(log, explicit: explicit)
        if let file { files.append(file) }
        skipped += unread
      case .member(let source, .read(let file)):
        if let reason = Self.emptiness(file) {
          skipped.append(SkippedInput(source: source, reason: reason))
        } else {
          files.append(file)
        }
      case .member(let source, .skipped(let reason)), .skipped(let source, let reason):
        skipped.append(SkippedInput(source: source, reason: reason))
      }
    }
    guard !files.isEmpty else {
      return (
        nil,
        "iomem-audit: \(vm.id): skipped, no file of this VM holds /proc/iomem or kernel log lines"
          + (skipped.isEmpty
            ? ""
            : " (\(skipped.count) files skipped: "
              + skipped.byReason.map { "\($0.sources.count) \($0.reason)" }.joined(separator: "; ") + ")")
      )
    }
    let capture = Capture(vm: vm.id, files: files, skipped: skipped, options: options)
    return (VMReport(capture: capture, baseline: baseline, fleet: fleet), nil)
  }

  /// A capture file (a rotated log's files read as one), and the files skipped with their
  /// reasons: a file found in a directory that cannot be read or holds nothing recognisable is
  /// listed with the reason, while a named input that cannot be read or holds nothing is a
  /// usage error.
  private func read(_ log: RotatedLog, explicit: Set<String>) throws(UsageFailure) -> (
    CaptureFile?, [SkippedInput]
  ) {
    if log.files == ["-"] && Terminal.stdinIsTerminal {
      Terminal.error("iomem-audit: reading a paste from standard input; end it with Ctrl-D")
    }
    var skipped: [SkippedInput] = []
    let read = try CaptureFile.read(log) { path, error throws(UsageFailure) in
      // Only an input named on the command line stops the run; a file found in a directory
      // that cannot be read is listed and skipped, so the rest of its VM is still checked.
      guard !explicit.contains(path) else { throw UsageFailure(description: error.description) }
      skipped.append(SkippedInput(source: path, reason: error.reason))
    }
    guard let file = read else { return (nil, skipped) }
    guard let emptiness = Self.emptiness(file) else { return (file, skipped) }
    // Named as the user gave it: `-`, not `<stdin>`.
    let named = log.files.count == 1 ? log.files[0] : file.source
    if log.files.contains(where: explicit.contains) {
      throw UsageFailure(description: "\(named): \(emptiness)")
    }
    return (nil, skipped + [SkippedInput(source: named, reason: emptiness)])
  }

  /// Why a file that was read holds nothing for `check`, or `nil` when it holds something.
  private static func emptiness(_ file: CaptureFile) -> String? {
    guard file.kind == .nothing else { return nil }
    let lines = file.log.lines.total
    return lines == 0
      ? "is empty"
      : "holds no /proc/iomem and no kernel log lines (\(lines) \(lines == 1 ? "line" : "lines") read)"
  }
}

extension Check.FailOn {
  var severity: Severity? { self == .never ? nil : Severity(rawValue: rawValue) }
}
