import IomemParse

/// One VM's result: its capture, its findings (after the baseline), what capture is missing,
/// and its verdict with the reason.
public struct VMReport: Sendable {
  public var capture: Capture
  public var findings: [Finding]
  /// Findings suppressed by a baseline.
  public var suppressed: Int
  public var gaps: [String]
  public var verdict: Verdict
  public var verdictReason: String

  public var id: String { capture.vm }

  /// `fleet` makes fingerprints carry the VM id, so a baseline entry of one VM does not silence
  /// the same finding on its clones.
  public init(capture: Capture, baseline: Set<String> = [], fleet: Bool = false) {
    var fold = FindingFold()
    fold.add(Self.findings(of: capture, fleet: fleet))
    self.init(capture: capture, folded: fold.findings, baseline: baseline)
  }

  /// The report of a capture whose findings are already folded (with a long log's earlier
  /// segments').
  init(capture: Capture, folded all: [Finding], baseline: Set<String>) {
    self.capture = capture
    findings = all.filter { !baseline.contains($0.fingerprint) }
    suppressed = all.count - findings.count
    gaps = CaptureGaps.compute(capture)
    (verdict, verdictReason) = Verdict.decide(capture, findings: findings)
  }

  public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

  /// The rules' findings on `capture`, named for its VM (unfolded).
  static func findings(of capture: Capture, fleet: Bool, predictions: Bool = true) -> [Finding] {
    RuleRegistry.check(capture, predictions: predictions).map { finding in
      var f = finding
      f.vm = capture.vm
      f.fleet = fleet
      return f
    }
  }
}

/// A VM of the run that has no report: nothing of it could be read, or it was given up after
/// `--timeout`. A consumer of the output must not take its absence for a pass.
public struct UncheckedVM: Sendable {
  public enum Status: String, Sendable {
    case skipped
    case timedOut = "timed-out"
  }
  public var id: String
  public var status: Status
  public var reason: String

  public init(id: String, status: Status, reason: String) {
    self.id = id
    self.status = status
    self.reason = reason
  }
}

/// The result of `check`: one report per VM, in input order.
public struct CheckReport: Sendable {
  public var vms: [VMReport]
  /// More than one VM, or VMs found in a fleet directory: ids and fingerprints name the VM.
  public var fleet: Bool
  /// The VMs of the run without a report, in input order.
  public var unchecked: [UncheckedVM] = []

  public init(captures: [Capture], baseline: Set<String> = [], fleet: Bool) {
    self.fleet = fleet
    vms = captures.map { VMReport(capture: $0, baseline: baseline, fleet: fleet) }
  }

  /// VMs checked one by one (in parallel, by the CLI), in input order.
  public init(vms: [VMReport], fleet: Bool, unchecked: [UncheckedVM] = []) {
    self.fleet = fleet
    self.vms = vms
    self.unchecked = unchecked
  }

  /// A single VM.
  public init(capture: Capture, baseline: Set<String> = []) {
    self.init(captures: [capture], baseline: baseline, fleet: false)
  }

  /// Every VM's findings, in VM order.
  public var findings: [Finding] { vms.flatMap(\.findings) }
  public var suppressed: Int { vms.reduce(0) { $0 + $1.suppressed } }
  /// The single VM's capture (the first VM's in a fleet).
  public var capture: Capture { vms[0].capture }
  public var gaps: [String] { vms.flatMap(\.gaps) }

  public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

  public func count(_ verdict: Verdict) -> Int { vms.filter { $0.verdict == verdict }.count }

  /// `2 errors, 1 warning, 0 notes, 0 info` — the one-line summary (with VM verdicts in a fleet).
  public var summary: String {
    func n(_ s: Severity, _ word: String) -> String {
      let c = count(s)
      return "\(c) \(word)\(c == 1 || word == "info" ? "" : "s")"
    }
    var line = [n(.error, "error"), n(.warning, "warning"), n(.note, "note"), n(.info, "info")].joined(
      separator: ", ")
    if suppressed > 0 { line += " (\(suppressed) suppressed by the baseline)" }
    if fleet {
      let verdicts = Verdict.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
      line = "\(vms.count) VM\(vms.count == 1 ? "" : "s"): \(verdicts); " + line
    }
    if !unchecked.isEmpty {
      let timedOut = unchecked.filter { $0.status == .timedOut }.count
      line +=
        "; \(unchecked.count) VM\(unchecked.count == 1 ? "" : "s") not checked (\(unchecked.count - timedOut) with nothing to read, \(timedOut) timed out)"
    }
    return line
  }
}

/// Which captures would let the check decide more.
enum CaptureGaps {
  static func compute(_ capture: Capture) -> [String] {
    var gaps: [String] = []
    let earlier = capture.earlier?.runs ?? []
    let hasKdump = capture.graphs.contains { $0.role == .kdump } || earlier.contains { $0.kdump > 0 }
    let presumed =
      capture.pairs.contains(where: { !$0.kdumpProven }) || earlier.contains { $0.presumedIncidents > 0 }
    if !hasKdump && !presumed && !capture.platform.wsl2 {
      gaps.append(
        "No kdump kernel log: capture the kdump kernel's console (serial console, Azure boot diagnostics) or /var/crash/*/kexec-dmesg.log to see what it claimed."
      )
    }
    if let earlier = capture.earlier {
      gaps += earlier.caveats
      if earlier.moreCaveats > 0 {
        gaps.append(
          "And \(earlier.moreCaveats) more earlier boot\(earlier.moreCaveats == 1 ? " is" : "s are") taken to be the kdump kernel without proof, for the same reasons."
        )
      }
    }
    for pair in capture.pairs where !pair.kdumpProven {
      if let caveat = capture.kdumpCaveat(pair) { gaps.append(caveat) }
    }
    if !capture.graphs.contains(where: { $0.role != .kdump && $0.boot != nil })
      && capture.earlier?.firstKernelLog != true
    {
      gaps.append(
        "No first-kernel log: `journalctl -k -b -1` after the crash, or /var/crash/*/vmcore-dmesg.txt.")
    }
    let dumps = capture.graphs.compactMap(\.iomem)
    if dumps.isEmpty {
      gaps.append(
        "No /proc/iomem: `sudo cat /proc/iomem` in the first kernel shows where the VRAM and hv_pci's windows are."
      )
    } else if dumps.allSatisfy(\.addressesHidden) {
      gaps.append(
        "/proc/iomem was read without root, so every address is zero: capture it again with `sudo cat /proc/iomem`."
      )
    }
    return gaps
  }
}
