import IomemParse

/// One VM's answer: will (or did) its kdump work?
public enum Verdict: String, Sendable, CaseIterable {
  /// An error-level finding: the kdump kernel failed, or the capture proves it cannot work.
  case broken
  /// Warnings and nothing worse.
  case atRisk = "at-risk"
  /// The captures hold what the rules need to decide, and nothing is at warning or above.
  case healthy
  /// The captures do not hold what would decide; the reason says which capture would.
  case undecided

  /// Worst first: broken, at-risk, undecided, healthy.
  public var rank: Int {
    switch self {
    case .broken: 3
    case .atRisk: 2
    case .undecided: 1
    case .healthy: 0
    }
  }

  /// The verdict of a VM's findings (after baseline suppression) and captures, with the reason.
  static func decide(_ capture: Capture, findings: [Finding]) -> (Verdict, String) {
    let errors = findings.filter { $0.severity == .error }
    if !errors.isEmpty {
      return (
        .broken,
        predicted(errors)
          + "\(errors.count) error-level finding\(errors.count == 1 ? "" : "s") (\(rules(errors)))"
      )
    }
    let warnings = findings.filter { $0.severity == .warning }
    if !warnings.isEmpty {
      return (
        .atRisk,
        predicted(warnings)
          + "\(warnings.count) warning\(warnings.count == 1 ? "" : "s") (\(rules(warnings)))"
      )
    }
    if let prediction = findings.first(where: { predicts($0) }), provenKdumpLog(capture) == nil {
      return (
        .healthy, "predicted before a crash: " + prediction.message.dropPrefix("Predicted before a crash: ")
      )
    }
    if let missing = undecidedBecause(capture) { return (.undecided, missing) }
    return (.healthy, healthyBecause(capture))
  }

  private static func isPrediction(_ f: Finding) -> Bool {
    RuleRegistry.rule(id: f.rule)?.description.predicts == true
  }

  /// `predicted before a crash: ` when only prediction rules decided the verdict.
  private static func predicted(_ findings: [Finding]) -> String {
    findings.allSatisfy(isPrediction) ? "predicted before a crash: " : ""
  }

  /// A prediction rule's `ready` about the framebuffer reservation (the Hyper-V rules; KD014's
  /// `ready` says only that a capture kernel is loaded): on a running VM it decides what a kdump
  /// kernel's own log would.
  private static func predicts(_ f: Finding) -> Bool {
    guard f.condition == "ready", let rule = RuleRegistry.rule(id: f.rule)?.description else { return false }
    return rule.predicts && rule.scope == .hyperV
  }

  private static func rules(_ findings: [Finding]) -> String {
    var seen: [String] = []
    for f in findings where !seen.contains(f.rule) { seen.append(f.rule) }
    return seen.joined(separator: ", ")
  }

  /// A proven kdump kernel's own log and the first kernel it followed, by their labels: the
  /// first such incident, among earlier boots of a long log too.
  private static func provenKdumpLog(_ capture: Capture) -> (first: String, kdump: String)? {
    let pair = capture.pairs.first { $0.kdumpProven && capture.graphs[$0.kdump].boot != nil }
    if let earlier = capture.earlier?.provenIncident, pair.map({ !capture.precedesEarlier($0.kdump) }) ?? true
    {
      return earlier
    }
    return pair.map { (capture.graphs[$0.first].label, capture.graphs[$0.kdump].label) }
  }

  /// Why nothing could be decided, or `nil` when the captures decide.
  private static func undecidedBecause(_ capture: Capture) -> String? {
    let platform = capture.platform
    if platform.wsl2 {
      return "WSL2 kernels have no kdump (no crash kernel is loaded): nothing to decide"
    }
    if platform.hypervisor == .hyperV {
      guard provenKdumpLog(capture) == nil else { return nil }
      let pair = capture.pairs.first { !$0.kdumpProven }
      let earlier = capture.earlier?.presumedKdump.flatMap { label in
        pair.map { capture.precedesEarlier($0.kdump) } ?? false ? nil : label
      }
      if let presumed = earlier ?? pair.map({ capture.graphs[$0.kdump].label }) {
        return
          "\(presumed) may be the kdump kernel, but nothing proves it: capture that boot from its start (`Command line: … elfcorehdr=…`)"
      }
      return
        "only the first kernel was captured: whether the kdump kernel's MMIO collides is decided by its own log after a crash (serial console, Azure boot diagnostics, or /var/crash/*/kexec-dmesg.log)"
    }
    if provenKdumpLog(capture) != nil { return nil }
    if crashKernelKnown(capture) { return nil }
    if capture.graphs.contains(where: { $0.iomem?.addressesHidden == true }) {
      return
        "/proc/iomem was read without root (every address is zero) and no log shows the command line: capture `sudo cat /proc/iomem` or the boot log from its start"
    }
    return
      "no capture shows whether the first kernel reserved crash kernel memory: capture the boot log from its start (`Command line:`) or `sudo cat /proc/iomem`"
  }

  /// Whether some first-kernel capture shows its crash kernel reservation or its absence.
  private static func crashKernelKnown(_ capture: Capture) -> Bool {
    if capture.system.commandLine != nil || capture.system.crashLoaded != nil { return true }
    if capture.earlier?.crashKernelKnown == true { return true }
    return capture.graphs.contains { $0.role != .kdump && $0.showsCrashKernel }
  }

  private static func healthyBecause(_ capture: Capture) -> String {
    if let pair = provenKdumpLog(capture) {
      return "\(pair.kdump) ran after \(pair.first) and no rule found a conflict"
    }
    return
      "not Hyper-V (\(capture.platform.summary)): the kdump rules that apply found the crash kernel reserved and nothing wrong"
  }
}

extension String {
  fileprivate func dropPrefix(_ prefix: String) -> String {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
  }
}
