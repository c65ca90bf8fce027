import IomemParse

/// Predicted on a running Gen1 VM: whether its kdump kernel's reservation will cover the VRAM
/// the host maps, and whether hv_pci allocates as it did in the first kernel.
public struct KD013PredictedGen1Collision: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD013", name: "predicted-gen1-kdump-collision",
    conditions: [willFail, atRisk, ready, Readiness.crossCheck],
    summary:
      "Before a crash: a Gen1 VM whose VRAM outgrew the 64 MiB BAR0, or whose capture kernel predates 2a8a8afba0c3, may hand hv_pci the live VRAM in its kdump kernel.",
    explanation: """
      On Gen1, vmbus_reserve_fb() reserves the legacy video device's BAR0 (64 MiB at 4G-128MB) only
      from v6.0 (2a8a8afba0c3, no stable backport); before it, it reserves from `screen_info`,
      which after kexec_load (or in text mode) is zero: nothing is reserved, and the Gen2 reasoning
      applies. With 2a8a8afba0c3 both kernels reserve BAR0 — but BAR0 always reports 4G-128MB, so a
      VRAM larger than 64 MiB that the first kernel moved to high MMIO is unprotected in the kdump
      kernel. Whether hv_pci then takes it depends on the order: when hv_pci is built in and the
      video driver a module, both kernels allocate alike (the seed); when both are modules the
      order is not guaranteed.
      """,
    remediation: """
      On the Hyper-V host, a lower resolution (`Set-VMVideo`) so the VRAM fits the 64 MiB BAR0 (on \\
      Azure, where the host is not yours, a Gen2 VM instead). In the guest, a capture kernel with \\
      2a8a8afba0c3 (v6.0); with it, building hv_pci in (CONFIG_PCI_HYPERV=y) with hyperv_drm a module \\
      makes both kernels allocate alike.
      """,
    triggering: KD013Examples.triggering, nonTriggering: KD013Examples.nonTriggering,
    references: [.change(.gen1AlwaysReservesBar0), .change(.nothingElseInFramebuffer), .configWindowReview],
    predicts: true)

  static let bar0Size: UInt64 = 64 << 20

  public func check(_ capture: Capture) -> [Finding] {
    guard let r = Readiness(capture), capture.platform.generation == .gen1 else { return [] }
    let bar0 = r.changes[.gen1AlwaysReservesBar0]
    var facts = [r.captureKernel.why, "2a8a8afba0c3 is \(bar0.presence.rawValue) (\(bar0.reason))"]
    var lines = r.captureKernel.lines + bar0.evidence
    var seen = r.captureKernel.seen && !bar0.evidence.isEmpty
    func result(
      _ condition: RuleCondition, _ verdict: Finding.Message, _ remediation: String, missing: [String] = []
    )
      -> [Finding]
    {
      [
        r.prediction(
          self, condition, verdict, facts: facts, lines: lines, remediation: remediation, missing: missing)
      ]
    }
    let pciBuild = r.hvPci?.value
    let videoBuild = r.video?.value.build
    if let pci = r.hvPci {
      facts.append(pci.why)
      lines += pci.lines
    }
    if let video = r.video {
      facts.append(video.why)
      lines += video.lines
    }
    if bar0.absent {
      // Before 2a8a8afba0c3: the reservation comes from screen_info, zero after kexec_load.
      if let mode = r.mode {
        facts.append("it is loaded with \(mode.syscall.rawValue): \(mode.reason)")
        lines += mode.evidence
        seen = seen && mode.seen
      }
      let zeroBase = r.mode?.syscall == .kexecLoad
      let certain =
        zeroBase && r.hvPci != nil
        && (pciBuild == "y"
          || r.video.flatMap { r.missingFromInitramfs($0.value.driver, build: $0.value.build) } != nil)
      return result(
        certain && seen && r.hvPci?.seen == true ? Self.willFail : Self.atRisk,
        zeroBase ? .zeroScreenInfo(hvPciFirst: certain) : .copiedScreenInfo,
        Advice.kernelUpdate(
          [.gen1AlwaysReservesBar0], for: r.running ?? capture.graphs[0], role: "capture kernel")
          ?? Self.description.remediation)
    }
    guard let vram = Self.vramNeed(r.running) else {
      facts.append("how much VRAM the video device uses is not in the capture")
      return result(
        Self.atRisk, .vramSizeUnknown,
        Self.description.remediation,
        missing: [
          "`sudo cat /proc/iomem` (the VRAM's GUID range) or the boot log's hyperv_drm/hyperv_fb lines"
        ])
    }
    facts.append(vram.why)
    lines += vram.lines
    if !vram.value {
      return result(
        bar0.present ? Self.ready : Self.atRisk, .vramFitsBar0(reserved: bar0.present),
        bar0.present ? "Nothing to change for the framebuffer reservation." : Self.description.remediation)
    }
    if pciBuild == "y", videoBuild == "m", bar0.present {
      facts.append("hv_pci is built in and the video driver a module: both kernels allocate MMIO alike")
      return result(
        Self.ready, .hvPciBuiltInAllocatesAlike,
        "Nothing to change while hv_pci stays built in; a lower resolution (`Set-VMVideo`, on the host) would remove the dependence."
      )
    }
    return result(
      Self.atRisk, .vramOutsideBar0(bothModules: pciBuild == "m" && videoBuild == "m"),
      Advice.lowerResolution + " "
        + Advice.builtInHvPci(first: r.running ?? capture.graphs[0], kdump: r.running ?? capture.graphs[0]))
  }

  /// Whether the running kernel's VRAM outgrew BAR0: seen outside it in /proc/iomem, or a size
  /// line above 64 MiB.
  static func vramNeed(_ g: BootGraph?) -> Readiness.Fact<Bool>? {
    guard let g else { return nil }
    if let vram = g.claims(.videoVRAM).first(where: { $0.certainty == .seen }) {
      let outside = vram.range.start >= 1 << 32 || vram.range.size > bar0Size
      return Readiness.Fact(
        value: outside, seen: true,
        why:
          "the running kernel's VRAM is \(vram.range.sizeFirst)\(outside ? ", outside BAR0" : ", inside BAR0")",
        lines: vram.provenance)
    }
    if let size = g.vramBytes {
      return Readiness.Fact(
        value: size.bytes > bar0Size, seen: true,
        why: "the video device uses \(ByteSize.human(size.bytes)) of VRAM", lines: [size.provenance])
    }
    return nil
  }
}

extension KD013PredictedGen1Collision {
  static let willFail = RuleCondition(
    "will-fail", .error,
    "every fact is seen: the capture kernel lacks 2a8a8afba0c3, it is loaded with kexec_load, and hv_pci allocates first (built in, or the video driver missing from the kdump initramfs)"
  )
  static let atRisk = RuleCondition(
    "at-risk", .warning,
    "the VRAM outgrew BAR0 and the order is not fixed, or a fact is assumed (version unknown, VRAM size unknown)"
  )
  static let ready = RuleCondition(
    "ready", .info,
    "the VRAM fits BAR0 of a kernel with 2a8a8afba0c3, or hv_pci is built in and the video driver a module")
}

extension Finding.Message {
  /// Before 2a8a8afba0c3 with kexec_load: nothing reserved; `hvPciFirst` when hv_pci is seen to
  /// allocate before the video driver.
  fileprivate static func zeroScreenInfo(hvPciFirst: Bool) -> Finding.Message {
    "without 2a8a8afba0c3 the kdump kernel reserves from a zero screen_info, so nothing protects the framebuffer; \(hvPciFirst ? "hv_pci allocates first and will take the live VRAM" : "if hv_pci allocates first it takes the live VRAM")."
  }
  fileprivate static let copiedScreenInfo = Finding.Message(
    "without 2a8a8afba0c3 the kdump kernel reserves from screen_info, which kexec_file_load copies from the first kernel's boot (zero in text mode): the reservation may be nothing."
  )
  fileprivate static let vramSizeUnknown = Finding.Message(
    "whether the VRAM fits the 64 MiB BAR0 both kernels reserve cannot be told.")

  /// The VRAM inside BAR0: protected when the capture kernel is known to reserve BAR0.
  fileprivate static func vramFitsBar0(reserved: Bool) -> Finding.Message {
    reserved
      ? "the VRAM fits the BAR0 both kernels reserve, so the kdump kernel protects it."
      : "the VRAM fits BAR0, which the kdump kernel reserves if it carries 2a8a8afba0c3; without it, it may reserve nothing."
  }
  fileprivate static let hvPciBuiltInAllocatesAlike = Finding.Message(
    "the VRAM lies outside BAR0, but with hv_pci built in both kernels hand hv_pci the same ranges, so it does not land on the VRAM."
  )

  fileprivate static func vramOutsideBar0(bothModules: Bool) -> Finding.Message {
    "the VRAM lies outside the 64 MiB BAR0, which is all the kdump kernel protects; \(bothModules ? "both drivers are modules, so" : "unless both kernels allocate in the same order,") hv_pci can be handed the live VRAM."
  }
}
