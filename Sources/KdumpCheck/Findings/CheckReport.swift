import IomemParse

/// The result of `check`: what was read, what was found, and what capture is still missing.
public struct CheckReport: Sendable {
  public var capture: Capture
  public var findings: [Finding]
  /// Findings suppressed by a baseline.
  public var suppressed: Int
  public var gaps: [String]

  public init(capture: Capture, baseline: Set<String> = []) {
    self.capture = capture
    let all = RuleRegistry.check(capture)
    findings = all.filter { !baseline.contains($0.fingerprint) }
    suppressed = all.count - findings.count
    gaps = CaptureGaps.compute(capture)
  }

  public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

  /// `2 errors, 1 warning, 0 notes, 0 info` — the one-line summary.
  public var summary: String {
    func n(_ s: Severity, _ word: String) -> String {
      let c = count(s)
      return "\(c) \(word)\(c == 1 || word == "info" ? "" : "s")"
    }
    var line = [n(.error, "error"), n(.warning, "warning"), n(.note, "note"), n(.info, "info")].joined(
      separator: ", ")
    if suppressed > 0 { line += " (\(suppressed) suppressed by the baseline)" }
    return line
  }
}

/// Which captures would let the check decide more.
enum CaptureGaps {
  static func compute(_ capture: Capture) -> [String] {
    var gaps: [String] = []
    let hasKdump = capture.graphs.contains { $0.role == .kdump }
    if !hasKdump && !capture.pairs.contains(where: { !$0.kdumpProven }) {
      gaps.append(
        "No kdump kernel log: capture the kdump kernel's console (serial console, Azure boot diagnostics) or /var/crash/*/kexec-dmesg.log to see what it claimed."
      )
    }
    for pair in capture.pairs where !pair.kdumpProven {
      if let caveat = capture.kdumpCaveat(pair) { gaps.append(caveat) }
    }
    if !capture.graphs.contains(where: { $0.role != .kdump && $0.boot != nil }) {
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
