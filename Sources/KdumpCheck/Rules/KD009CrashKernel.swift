import IomemParse

/// No crash kernel memory in the first kernel, a failed reservation, or one that overlaps.
public struct KD009CrashKernel: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD009", name: "crash-kernel-reservation", conditions: [failed, none, overlap],
    summary:
      "The first kernel reserved no crash kernel memory, the reservation failed, or it overlaps another claim.",
    explanation: """
      kexec can load a capture kernel only into memory reserved at boot with `crashkernel=`; it shows
      as `Crash kernel` under System RAM in /proc/iomem and as `Reserving …MB of memory at …MB for
      crashkernel` / `crashkernel reserved: …` in the log. Without it no kdump kernel ever starts. A
      failed reservation (`crashkernel reservation failed`, `cannot allocate crashkernel`) means the
      size or placement asked for was not available; a region overlapping another claim is corrupt.
      """,
    remediation: """
      In the guest, add `crashkernel=` to the kernel command line (e.g. `crashkernel=512M`, or the distribution's \
      `crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M`), regenerate the boot loader configuration and \
      reboot; check `kdumpctl status` / `kdump-config show`. If the reservation failed, ask for less \
      or use `crashkernel=…,high` with a `,low` part.
      """,
    triggering: KD009Examples.triggering, nonTriggering: KD009Examples.nonTriggering,
    scope: .kdump)

  public func check(_ capture: Capture) -> [Finding] {
    var findings: [Finding] = []
    for g in capture.graphs where g.role != .kdump {
      let failures = g.events { if case .crashkernelFailed(let t) = $0 { t } else { nil } }
      if !failures.isEmpty {
        findings.append(
          finding(
            Self.failed,
            message: .reservationFailed(kernel: g, failures: failures.map(\.0)),
            evidence: failures.map { g.evidence($0.1.provenance) }, remediation: Self.description.remediation)
        )
        continue
      }
      if let missing = noReservation(g) { findings.append(missing) }
      for crash in g.claims(.crashKernel) {
        for other in g.claims
        where [.swiotlb, .videoVRAM, .firmwareFramebuffer].contains(other.kind)
          || other.kind.isPassthroughClaim
        {
          guard other.certainty == .seen, let overlap = crash.range.intersection(other.range) else {
            continue
          }
          findings.append(
            finding(
              Self.overlap,
              message: .crashKernelOverlaps(kernel: g, crash: crash, other: other, by: overlap),
              ranges: [crash.range, other.range],
              evidence: g.evidence(crash, "crash kernel region") + g.evidence(other, "overlapping claim"),
              remediation: Self.description.remediation))
        }
      }
    }
    return findings
  }

  /// Decided only from what was captured: a command line without `crashkernel=`, or a root
  /// /proc/iomem without `Crash kernel` (a non-root dump still shows the names).
  private func noReservation(_ g: BootGraph) -> Finding? {
    guard g.claims(.crashKernel).isEmpty else { return nil }
    let iomemHasCrash = g.iomem.map { dump in
      var found = false
      for root in dump.roots { root.walk { node, _ in if node.kind == .crashKernel { found = true } } }
      return found
    }
    if iomemHasCrash == true { return nil }
    var evidence: [Evidence] = []
    if let cmd = g.boot?.commandLine, let p = g.boot?.commandLineProvenance {
      guard cmd.crashkernel == nil else { return nil }
      evidence.append(g.evidence(p, "no crashkernel= on the command line"))
    }
    if let dump = g.iomem, let first = dump.roots.first {
      evidence.append(
        g.evidence(
          first.provenance,
          "/proc/iomem (lines \(dump.firstLine)-\(dump.lastLine)) has no `Crash kernel` entry"))
    }
    guard !evidence.isEmpty else { return nil }
    // The command line (or the running kernel's own /proc/iomem) proves it: kdump cannot work.
    return finding(
      Self.none,
      message: .noCrashKernel(kernel: g),
      evidence: evidence, remediation: Self.description.remediation)
  }
}

extension KD009CrashKernel {
  static let failed = RuleCondition(
    "failed", .error, "the first kernel logs that the crash kernel reservation failed")
  static let none = RuleCondition(
    "none", .error,
    "the first kernel's command line has no `crashkernel=`, or its /proc/iomem shows no `Crash kernel`")
  static let overlap = RuleCondition(
    "overlap", .error,
    "the crash kernel region overlaps another seen claim (swiotlb, VRAM, a framebuffer, PCI)")
}

extension Finding.Message {
  /// `The first kernel (…) could not reserve crash kernel memory: …`.
  fileprivate static func reservationFailed(kernel g: BootGraph, failures: [String]) -> Finding.Message {
    Finding.Message(
      "\(g.label) could not reserve crash kernel memory: \(failures.joined(separator: "; ")). No kdump kernel can be loaded."
    )
  }
  /// The crash kernel region overlapping another claim.
  fileprivate static func crashKernelOverlaps(
    kernel g: BootGraph, crash: ResourceClaim, other: ResourceClaim, by overlap: AddressRange
  ) -> Finding.Message {
    Finding.Message(
      "In \(g.label) the crash kernel region \(crash.range.sizeFirst) overlaps \(other.kind.rawValue.replacingUnderscores) \(other.range.sizeFirst) by \(overlap.sizeFirst)."
    )
  }
  /// No crash kernel memory reserved.
  fileprivate static func noCrashKernel(kernel g: BootGraph) -> Finding.Message {
    Finding.Message(
      "\(g.label) reserved no crash kernel memory: kexec cannot load a kdump kernel, so a crash writes no dump."
    )
  }
}
