import IomemParse

/// A kernel panicked and no capture kernel took over, or the kdump kernel itself panicked.
public struct KD011PanicWithoutCapture: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD011", name: "panic-without-capture-kernel", conditions: [kdumpPanicked, noCaptureKernel],
    summary: "A kernel panicked and no capture kernel ran, or the kdump kernel itself panicked.",
    explanation: """
      panic() (kernel/panic.c) calls __crash_kexec() right after printing `Kernel panic - not
      syncing`; when a capture kernel is loaded, that call does not return and the kdump kernel
      boots. `Rebooting in N seconds..` and `---[ end Kernel panic - not syncing … ]---` are printed
      only after __crash_kexec() returned, so either line after a panic proves no capture kernel was
      loaded: no dump was written. A panic in the kdump kernel itself (the capture kernel has no
      capture kernel of its own) likewise ends the dump.
      """,
    remediation: """
      In the guest: check that the capture kernel is loaded after boot — `cat \
      /sys/kernel/kexec_crash_loaded` must print 1; `kdump-config show` (Ubuntu/Debian) or \
      `kdumpctl status` (RHEL/Fedora) says why not — and that the command line reserves \
      `crashkernel=`. For a panic in the kdump kernel, read its log above the panic: a larger \
      `crashkernel=` helps when it ran out of memory.
      """,
    triggering: KD011Examples.triggering, nonTriggering: KD011Examples.nonTriggering, scope: .kdump)

  public func check(_ capture: Capture) -> [Finding] {
    capture.graphs.compactMap { g in
      guard let boot = g.boot else { return nil }
      if g.role == .kdump, boot.ending == .panic || boot.ending == .panicWithoutCapture {
        return finding(
          Self.kdumpPanicked,
          message: .kdumpKernelPanicked(kernel: g),
          evidence: boot.endingEvidence.map { g.evidence($0, "panic in the kdump kernel") },
          remediation: Self.description.remediation)
      }
      guard boot.ending == .panicWithoutCapture else { return nil }
      return finding(
        Self.noCaptureKernel,
        message: .noCaptureKernelTookOver(kernel: g),
        evidence: boot.endingEvidence.map { g.evidence($0, "panic, then no capture kernel") },
        remediation: Self.description.remediation)
    }
  }
}

extension KD011PanicWithoutCapture {
  static let kdumpPanicked = RuleCondition("kdump-panicked", .error, "the kdump kernel itself panicked")
  static let noCaptureKernel = RuleCondition(
    "no-capture-kernel", .error,
    "a kernel panicked and printed `Rebooting in` or `end Kernel panic`: no capture kernel was loaded")
}

extension Finding.Message {
  /// The kdump kernel itself panicked.
  fileprivate static func kdumpKernelPanicked(kernel g: BootGraph) -> Finding.Message {
    Finding.Message(
      "\(g.label) panicked itself: the capture kernel has no capture kernel of its own, so no dump was written."
    )
  }
  /// A panic that no capture kernel took over.
  fileprivate static func noCaptureKernelTookOver(kernel g: BootGraph) -> Finding.Message {
    Finding.Message(
      "\(g.label) panicked and no capture kernel took over: panic() printed its reboot or end line, which it does only when __crash_kexec() found no capture kernel loaded. No dump was written."
    )
  }
}
