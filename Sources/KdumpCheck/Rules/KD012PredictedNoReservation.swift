import IomemParse

/// Predicted on a running Gen2 or arm64 VM: its kdump kernel will be given a zero framebuffer
/// base and, without 016a25e4b0df, reserve nothing, so hv_pci can take the live VRAM.
public struct KD012PredictedNoReservation: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD012", name: "predicted-kdump-reserves-no-framebuffer",
    conditions: [willFail, atRisk, ready, Readiness.crossCheck],
    summary:
      "Before a crash: a Gen2 (x86-64 kexec_load) or arm64 VM whose capture kernel lacks 016a25e4b0df will reserve no framebuffer range in its kdump kernel.",
    explanation: """
      A Gen2 kdump kernel reserves the framebuffer from the base the firmware reported, as kexec
      passes it on. kexec_load passes it only for "VESA VGA" and "EFI VGA" framebuffers, so with
      hyperv_drm or hyperv_fb the kdump kernel gets a zero base; on arm64 neither kexec mode
      passes it. Before 016a25e4b0df (v7.1; stable 6.12.y, 6.6.y, 6.1.y, 5.15.211+) vmbus then
      reserves nothing, and hv_pci's config window takes the lowest free low MMIO address — where
      the first kernel's VRAM is, which the host still maps. Whether hv_pci asks before the video
      driver decides it: certain when hv_pci is built in or the video driver is not in the kdump
      initramfs, otherwise a matter of probe order. With kexec_file_load on x86-64 the base is
      passed on — unless the first kernel moved the framebuffer — and hyperv_fb before v6.14
      cleared it (v5.10 to v6.7) or moved it (v6.8 to v6.13). The capture kernel has not booted
      yet: facts about the running kernel carry over only when it is the same build.
      """,
    remediation: """
      In the guest: a capture kernel with 016a25e4b0df; on x86-64 with hyperv_drm, load it with \\
      kexec_file_load (`KDUMP_KEXEC_ARGS="-s"` in /etc/default/kdump-tools on Ubuntu/Debian; \\
      `KEXEC_ARGS` in /etc/sysconfig/kdump on RHEL/Fedora). Keep hyperv_drm in the kdump initramfs, \\
      and do not build hv_pci in. Then test with a crash of a non-production VM and capture the \\
      kdump kernel's console (Azure boot diagnostics, or a serial console).
      """,
    triggering: KD012Examples.triggering, nonTriggering: KD012Examples.nonTriggering,
    references: [
      .change(.gen2ReservesLowMmioBase), .change(.hypervFbClearsScreenInfo),
      .change(.hypervFbNoFramebufferMove),
      .configWindowV1, .fbMmioPosting,
    ], predicts: true)

  public func check(_ capture: Capture) -> [Finding] {
    guard let r = Readiness(capture), capture.platform.generation == .gen2 || r.arm64 else { return [] }
    let fix = r.changes[.gen2ReservesLowMmioBase]
    var facts: [String] = [r.captureKernel.why, "016a25e4b0df is \(fix.presence.rawValue) (\(fix.reason))"]
    var lines = r.captureKernel.lines + fix.evidence
    var seen = r.captureKernel.seen && !fix.evidence.isEmpty
    func result(
      _ condition: RuleCondition, _ verdict: Finding.Message, remediation: String, missing: [String] = []
    )
      -> [Finding]
    {
      [
        r.prediction(
          self, condition, verdict, facts: facts, lines: lines, remediation: remediation, missing: missing)
      ]
    }
    if fix.present {
      return result(
        Self.ready, .reservesFromLowMmioBase,
        remediation: "Nothing to change for the framebuffer reservation.")
    }
    guard let video = r.video else {
      return result(
        Self.atRisk, .videoDriverUnknown,
        remediation: Self.description.remediation,
        missing: [
          "`lsmod` and the kernel config lines `CONFIG_DRM_HYPERV`, `CONFIG_FB_HYPERV`, `CONFIG_PCI_HYPERV`"
        ])
    }
    facts.append(video.why)
    lines += video.lines
    seen = seen && video.seen
    // Does the kdump kernel get a zero base?
    var zeroBase: Bool?
    if r.arm64 {
      facts.append("on arm64 neither kexec mode passes the framebuffer base")
      zeroBase = true
    } else if let mode = r.mode {
      facts.append("it is loaded with \(mode.syscall.rawValue): \(mode.reason)")
      lines += mode.evidence
      seen = seen && mode.seen
      switch mode.syscall {
      case .kexecLoad: zeroBase = true
      case .kexecFileLoad, .fileLoadWithFallback:
        if video.value.driver == "hyperv_fb", !r.changes[.hypervFbNoFramebufferMove].present {
          facts.append(
            "hyperv_fb before v6.14 cleared screen_info (v5.10-v6.7) or moved the framebuffer (v6.8-v6.13): \(r.changes[.hypervFbNoFramebufferMove].reason)"
          )
          zeroBase = nil
        } else {
          zeroBase = false
        }
      }
    } else {
      facts.append("how the capture kernel is loaded is not in the capture")
    }
    if zeroBase == false {
      if let moved = Self.framebufferMoved(r.running) {
        facts.append(moved.why)
        lines += moved.lines
        if !moved.value {
          return result(
            Self.ready, .handedLiveBase,
            remediation: "Nothing to change for the framebuffer reservation; keep kexec_file_load.")
        }
      } else {
        facts.append(
          "whether the first kernel moved the framebuffer is unknowable without its `efifb:` or `simple-framebuffer` line and its VRAM (/proc/iomem)"
        )
      }
      return result(
        Self.atRisk, .mayBeHandedStaleBase,
        remediation: Self.description.remediation,
        missing: ["the running kernel's boot log from its start and `sudo cat /proc/iomem`"])
    }
    // A zero (or unknown) base and no fix: who allocates first in the kdump kernel?
    var certain = false
    if let pci = r.hvPci {
      facts.append(pci.why)
      lines += pci.lines
      seen = seen && pci.seen
      if pci.value == "y" {
        facts.append("hv_pci is built in, so it allocates before the video driver in the kdump kernel")
        certain = true
      }
    } else {
      facts.append("no line shows an hv_pci passthrough device")
      seen = false
    }
    if let missing = r.missingFromInitramfs(video.value.driver, build: video.value.build) {
      facts.append("the kdump initramfs lacks \(video.value.driver), so nothing claims the framebuffer first")
      lines.append(missing)
      certain = true
    }
    if zeroBase == nil || r.hvPci == nil { certain = false }
    var cost = "a dump to an NVMe disk behind hv_pci is not written"
    if let dump = r.dumpOnNVMe {
      facts.append(dump.why)
      lines += dump.lines
      cost =
        dump.value
        ? "the dump, which goes to an NVMe disk behind hv_pci, is not written"
        : "the dump itself goes elsewhere"
    }
    return result(
      certain && seen && fix.absent ? Self.willFail : Self.atRisk,
      .noReservation(certain: certain, cost: cost),
      remediation: remediation(r),
      missing: seen
        ? []
        : [
          "`kdump-config show` or `kdumpctl status`, `lsmod`, and the kernel config lines, from the running VM"
        ])
  }

  /// Whether the first kernel's VRAM is where the firmware framebuffer was: from its
  /// `efifb:` / `simple-framebuffer` line and a seen VRAM.
  static func framebufferMoved(_ g: BootGraph?) -> Readiness.Fact<Bool>? {
    guard let g, let fb = g.claims(.firmwareFramebuffer).first,
      let vram = g.claims(.videoVRAM).first(where: { $0.certainty == .seen })
    else { return nil }
    let moved = vram.range.start != fb.range.start
    return Readiness.Fact(
      value: moved, seen: true,
      why: moved
        ? "the first kernel moved the framebuffer: firmware base \(fb.range.hex), VRAM at \(vram.range.hex)"
        : "the first kernel's VRAM is at the firmware framebuffer base \(fb.range.hex)",
      lines: fb.provenance + vram.provenance)
  }

  private func remediation(_ r: Readiness) -> String {
    var parts: [String] = []
    if let update = kernelAdvice(r) { parts.append(update) }
    if !r.arm64, r.video?.value.driver != "hyperv_fb" || r.changes[.hypervFbNoFramebufferMove].present {
      parts.append(
        "In the guest, load the capture kernel with kexec_file_load: `KDUMP_KEXEC_ARGS=\"-s\"` in /etc/default/kdump-tools on Ubuntu/Debian, `KEXEC_ARGS=\"-s\"` in /etc/sysconfig/kdump on RHEL/Fedora (x86-64 with hyperv_drm; it passes the framebuffer base on while the first kernel has not moved the framebuffer)."
      )
    }
    parts.append(
      "Keep \(r.video?.value.driver ?? "hyperv_drm") in the kdump initramfs and hv_pci a module: leaving the video driver out, or building hv_pci in, makes hv_pci allocate first."
    )
    return parts.joined(separator: " ")
  }

  private func kernelAdvice(_ r: Readiness) -> String? {
    let s = r.changes[.gen2ReservesLowMmioBase]
    guard !s.present else { return nil }
    return
      "In the guest, install a capture kernel with \(KernelChange[.gen2ReservesLowMmioBase].citation) — \(s.absent ? "this one lacks it" : "not known whether this one has it"): \(s.reason)."
  }

}

extension KD012PredictedNoReservation {
  static let willFail = RuleCondition(
    "will-fail", .error,
    "every fact is seen: the capture kernel lacks 016a25e4b0df, it gets a zero base (kexec_load, or arm64), and hv_pci is built in or the video driver is missing from the kdump initramfs"
  )
  static let atRisk = RuleCondition(
    "at-risk", .warning,
    "the collision depends on probe order, or a fact it rests on is assumed (version unknown, kexec mode by default, no lsmod or config)"
  )
  static let ready = RuleCondition(
    "ready", .info,
    "the capture kernel has 016a25e4b0df, or it is loaded with kexec_file_load and the first kernel's VRAM is at the firmware base"
  )
}

extension Finding.Message {
  fileprivate static let reservesFromLowMmioBase = Finding.Message(
    "the kdump kernel will reserve the framebuffer from the low MMIO base even when handed a zero base, so hv_pci cannot take the live VRAM."
  )
  fileprivate static let videoDriverUnknown = Finding.Message(
    "whether the kdump kernel's hv_pci collides with the framebuffer cannot be told: no line shows the video driver."
  )
  fileprivate static let handedLiveBase = Finding.Message(
    "the kdump kernel will be handed the live framebuffer base (kexec_file_load) and reserve it.")
  fileprivate static let mayBeHandedStaleBase = Finding.Message(
    "the kdump kernel may be handed a stale framebuffer base and reserve the wrong range.")

  /// No reservation in the kdump kernel: certain when hv_pci is seen to allocate first; `cost`
  /// says what becomes of the dump.
  fileprivate static func noReservation(certain: Bool, cost: String) -> Finding.Message {
    certain
      ? "the kdump kernel will reserve no framebuffer, and hv_pci will take the low MMIO base the host still maps for the first kernel's VRAM: the host refuses it (`c0370048`), the passthrough device is missing, and \(cost)."
      : "the kdump kernel may reserve no framebuffer; if hv_pci then allocates before the video driver, it takes the first kernel's live VRAM, the passthrough device fails, and \(cost)."
  }
}
