import ArgumentParser
import ByteInput
import ByteOutput
import FleetStore
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

  @Option(
    help: ArgumentHelp(
      "Give up a VM not checked after this many seconds: it is reported as timed out (exit 1 unless --fail-on never) and recorded so with --db. Example: --timeout 120",
      valueName: "seconds"))
  var timeout: Double?

  @Option(
    help: ArgumentHelp(
      "Record the run in this SQLite database (created when missing); a VM recorded before with the same files, tool version and options is not checked again. See docs/fleet.md.",
      valueName: "file"))
  var db: String?

  @Flag(help: "With --db: check every VM, even those recorded unchanged.")
  var force = false

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
    if let timeout, !(timeout > 0) { throw ValidationError("--timeout needs a number of seconds above 0") }
    if force, db == nil { throw ValidationError("--force needs --db") }
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
    let reused: [RecordedVM]
    do {
      (report, reused) = try makeReport()
    } catch let failure as UsageFailure {
      Terminal.error("iomem-audit: \(failure.description)")
      throw ExitCode(2)
    }
    if !reused.isEmpty {
      let runs = Set(reused.map(\.run)).sorted().map(String.init).joined(separator: ", ")
      Terminal.error(
        "iomem-audit: \(reused.count) VM\(reused.count == 1 ? "" : "s") unchanged since \(db ?? "") run \(runs), not checked again (--force checks them); `iomem-audit summary \(db ?? "")` shows them all"
      )
    }
    guard !report.vms.isEmpty else {
      try exit(reused: reused, report: report)
      return
    }
    switch format {
    case .text:
      Terminal.out(
        TextReporter.render(report, color: Terminal.wantsColor(fd: 1), unicode: Terminal.utf8Locale))
    case .json:
      JSONReporter.write(report, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount) {
        $0.write(toDescriptor: 1)
      }
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
    try exit(reused: reused, report: report)
  }

  /// Exit 1 when a VM of the run — checked now, or unchanged and recorded — has a finding at or
  /// above `--fail-on` (or, with `--fail-on-undecided`, is undecided): a re-run with `--db`
  /// exits as the first run did. A VM given up after `--timeout` was not checked, so it fails
  /// the run too (unless `--fail-on never`).
  private func exit(reused: [RecordedVM], report: CheckReport) throws {
    if failOn != .never, report.unchecked.contains(where: { $0.status == .timedOut }) { throw ExitCode(1) }
    let findings = report.findings.map(\.severity) + reused.compactMap(\.worst)
    if let threshold = failOn.severity, findings.contains(where: { $0 >= threshold }) { throw ExitCode(1) }
    let verdicts = report.vms.map(\.verdict) + reused.map(\.verdict)
    if failOnUndecided, verdicts.contains(.undecided) { throw ExitCode(1) }
  }

  private func makeReport() throws -> (CheckReport, reused: [RecordedVM]) {
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
    let started = Date()
    let (suppressed, baselineKey) = try readBaseline()
    let store = try db.map { path throws(UsageFailure) in
      do { return try FleetDatabase(path: path) } catch { throw UsageFailure(description: "\(error)") }
    }
    let recordedOptions = options.recordKey + (baselineKey.map { ";baseline=\($0)" } ?? "")
    let recorded: [String: RecordedVM] =
      try store.map { store throws(UsageFailure) in
        do {
          return try store.recorded(toolVersion: IomemAudit.version, options: recordedOptions)
        } catch { throw UsageFailure(description: "\(error)") }
      } ?? [:]
    let keys = vms.map(ContentKey.of)
    // A baseline written from this run needs every VM's findings, so it checks them all.
    let recheck = force || writeBaseline != nil
    let unchanged: [RecordedVM?] = zip(vms, keys).map { vm, key in
      guard !recheck, let key, let r = recorded[vm.id], r.contentKey == key else { return nil }
      return r
    }
    let toCheck = zip(vms, unchanged).filter { $0.1 == nil }.map(\.0)
    // Each VM is read and checked on its own, on up to `jobs` cores; results, messages and the
    // first error are taken in VM order, so the output does not depend on the scheduling.
    let progress = Progress(total: toCheck.count)
    let checked = ParallelMap.run(
      toCheck, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, timeout: timeout
    ) { vm in
      defer { progress.step() }
      return Result { () throws(UsageFailure) in
        try checkVM(vm, explicit: explicit, options: options, baseline: suppressed, fleet: fleet)
      }
    }
    progress.finish()
    var reports: [VMReport] = []
    var outcomes: [VMOutcome] = []
    var unchecked: [UncheckedVM] = []
    var next = checked.makeIterator()
    for ((vm, vmKey), earlier) in zip(zip(vms, keys), unchanged) {
      let key = vmKey ?? "stdin"
      if let earlier {
        outcomes.append(VMOutcome(vm: vm.id, contentKey: key, result: .reused(fromRun: earlier.run)))
        continue
      }
      guard let result = next.next()! else {
        let reason = "timed out: not checked within \(Self.seconds(timeout ?? 0)) (--timeout)"
        Terminal.error("iomem-audit: \(vm.id): \(reason)")
        unchecked.append(UncheckedVM(id: vm.id, status: .timedOut, reason: reason))
        outcomes.append(VMOutcome(vm: vm.id, contentKey: key, result: .failed(reason)))
        continue
      }
      let (report, message) = try result.get()
      if let message { Terminal.error(message) }
      if let report { reports.append(report) }
      if report == nil, let message {
        unchecked.append(UncheckedVM(id: vm.id, status: .skipped, reason: message))
      }
      outcomes.append(
        VMOutcome(vm: vm.id, contentKey: key, result: report.map { .checked($0) } ?? .skipped(message ?? "")))
    }
    let reused = unchanged.compactMap { $0 }
    guard !reports.isEmpty || !reused.isEmpty || unchecked.contains(where: { $0.status == .timedOut }) else {
      throw UsageFailure(description: "no input holds /proc/iomem or kernel log lines")
    }
    if let store {
      do {
        let run = try store.beginRun(
          toolVersion: IomemAudit.version, options: recordedOptions, inputs: all, startedAt: started)
        try store.record(outcomes, run: run)
        try store.finishRun(run)
      } catch { throw UsageFailure(description: "\(error)") }
    }
    return (CheckReport(vms: reports, fleet: fleet, unchecked: unchecked), reused)
  }

  /// The fingerprints of `--baseline` and a key of them (a re-run with `--db` and another
  /// baseline checks again); none without it.
  private func readBaseline() throws -> (Set<String>, String?) {
    guard let baseline else { return ([], nil) }
    guard let text = Terminal.readFile(baseline) else {
      throw UsageFailure(description: "\(baseline): cannot read the baseline")
    }
    do {
      let fingerprints = try Baseline(json: text).fingerprints
      return (fingerprints, ContentKey.hash(fingerprints.sorted().joined(separator: ",")))
    } catch {
      throw UsageFailure(description: "\(baseline): \(error)")
    }
  }

  /// One VM read and checked: its report, or the message saying why it was skipped. Long logs
  /// are checked a segment of boots at a time (`SegmentedCheck`); where the VM's other captures
  /// need its boots all at once, it is read again and checked as one.
  private func checkVM(
    _ vm: VMInput, explicit: Set<String>, options: CheckOptions, baseline: Set<String>, fleet: Bool
  ) throws(UsageFailure) -> (VMReport?, String?) {
    let segmented = SegmentedCheck(vm: vm.id, options: options, fleet: fleet)
    let (files, skipped) = try readFiles(of: vm, explicit: explicit, segmented: segmented)
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
    switch segmented.finish(files: files, skipped: skipped, baseline: baseline) {
    case .report(let report):
      return (report, nil)
    case .checkWhole(let reason):
      let (whole, skipped) = try readFiles(of: vm, explicit: explicit, segmented: nil)
      var capture = Capture(vm: vm.id, files: whole, skipped: skipped, options: options)
      capture.addNote("its boots were read and checked all at once, not a segment at a time: \(reason)")
      return (VMReport(capture: capture, baseline: baseline, fleet: fleet), nil)
    }
  }

  /// A VM's files read, and those skipped with their reasons; with `segmented`, the boots of
  /// each log read from disk are handed to it.
  private func readFiles(
    of vm: VMInput, explicit: Set<String>, segmented: SegmentedCheck?
  ) throws(UsageFailure) -> ([CaptureFile], [SkippedInput]) {
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
        let source = log.files.count == 1 ? log.files[0] : log.newest
        let (file, unread) = try read(log, explicit: explicit, onBoot: segmented?.receiver(for: source))
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
    return (files, skipped)
  }

  /// A capture file (a rotated log's files read as one), and the files skipped with their
  /// reasons: a file found in a directory that cannot be read or holds nothing recognisable is
  /// listed with the reason, while a named input that cannot be read or holds nothing is a
  /// usage error.
  private func read(
    _ log: RotatedLog, explicit: Set<String>, onBoot: ((KernelBoot) -> Void)?
  ) throws(UsageFailure) -> (CaptureFile?, [SkippedInput]) {
    if log.files == ["-"] && Terminal.stdinIsTerminal {
      Terminal.error("iomem-audit: reading a paste from standard input; end it with Ctrl-D")
    }
    var skipped: [SkippedInput] = []
    let read = try CaptureFile.read(log, onBoot: onBoot) { path, error throws(UsageFailure) in
      // Only an input named on the command line stops the run; a file found in a directory
      // that cannot be read is listed and skipped, so the rest of its VM is still checked.
      guard !explicit.contains(path) else { throw UsageFailure(description: "\(error)") }
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

extension Check {
  /// `120 s`, `0.5 s`: a `--timeout` as the user gave it.
  static func seconds(_ value: Double) -> String {
    (value == value.rounded() ? String(Int(value)) : String(value)) + " s"
  }
}

extension Check.FailOn {
  var severity: Severity? { self == .never ? nil : Severity(rawValue: rawValue) }
}
