import IomemParse

/// The kdump kernel reserves no framebuffer range at all.
public struct KD003NoReservation: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD003", name: "kdump-reserves-no-framebuffer", conditions: [seen, inferred],
    summary: "The kdump kernel reserves no framebuffer range (zero firmware framebuffer base).",
    explanation: """
      vmbus_reserve_fb() reserves from the firmware framebuffer base (`screen_info`) on Gen2, and on
      Gen1 kernels before 2a8a8afba0c3 (v6.0). After kexec that base is zero when kexec-tools used
      kexec_load() (it passes only "VESA VGA" and "EFI VGA" framebuffers on), on arm64 with either
      syscall, and when hyperv_fb cleared screen_info (v5.10 to v6.7: 3cb73bc3fa2a, removed by
      c25a19afb81c). Before 016a25e4b0df (v7.1) vmbus then reserved nothing, silently; with it, Gen2
      falls back to the low MMIO base and prints `hv_mmio=… fb=…`, or `Unexpected framebuffer mmio
      base of zero` when it cannot. With nothing reserved, hv_pci's config window takes the lowest
      free low MMIO address — where the first kernel's VRAM usually is on Gen2. A kdump kernel without
      an `efifb:` line is not proof of a zero base: kernels built without CONFIG_FB_EFI (current
      Ubuntu azure kernels) print none; `simple-framebuffer` / simpledrm lines show a non-zero base.
      """,
    remediation: """
      In the guest, use a kdump kernel with 016a25e4b0df on Gen2 (v7.1; stable 6.12.y, 6.6.y, 6.1.y, \
      5.15.211+), or with 2a8a8afba0c3 on Gen1 (v6.0, no stable backport); the finding names only \
      the ones the kdump kernel lacks. On x86-64 with hyperv_drm (or hyperv_fb from v6.14), loading the \
      kdump kernel with kexec_file_load (`KDUMP_KEXEC_ARGS="-s"` in /etc/default/kdump-tools on \
      Ubuntu/Debian; the kdump configuration on RHEL/Fedora) passes the base on while the first kernel \
      has not moved the framebuffer; never on arm64.
      """,
    triggering: KD003Examples.triggering, nonTriggering: KD003Examples.nonTriggering,
    references: [
      .change(.gen2ReservesLowMmioBase), .change(.gen1AlwaysReservesBar0), .change(.hypervFbClearsScreenInfo),
      .change(.hypervFbKeepsScreenInfo), .change(.hypervFbNoFramebufferMove),
      .fbMmioPosting,
      .configWindowV1,
    ])

  public func check(_ capture: Capture) -> [Finding] {
    capture.pairs.compactMap { pair in
      let f = capture.graphs[pair.first]
      let k = capture.graphs[pair.kdump]
      guard let unreserved = k.framebufferUnreserved, !f.isConfidential || f.vram != nil else { return nil }
      let hadFramebuffer = f.vram != nil || !f.claims(.firmwareFramebuffer).isEmpty || f.videoDriver != nil
      guard hadFramebuffer else { return nil }
      let message = Finding.Message.noReservation(kdump: k, reasoning: unreserved.reasoning, first: f)
        .followed(by: capture.kdumpCaveat(pair))
      var evidence = unreserved.evidence.map {
        k.evidence($0, unreserved.certainty == .inferred ? "inferred: no reservation" : "no reservation")
      }
      if let vram = f.vram { evidence += f.evidence(vram, "first kernel's VRAM") }
      let inferred = unreserved.certainty == .inferred
      return finding(
        inferred || !pair.kdumpProven ? Self.inferred : Self.seen,
        message: message, ranges: f.vram.map { [$0.range] } ?? [], evidence: evidence,
        remediation: remediation(first: f, kdump: k, platform: capture.platform),
        missing: inferred
          ? [
            "what decides the base: the kdump kernel's console from its start (an `efifb:` or `simple-framebuffer` line shows a non-zero one), its kernel config (CONFIG_FB_EFI), or how it is loaded (kexec_load or kexec_file_load: `kdump-config show`, `kdumpctl status`)",
            "the kdump kernel's /proc/iomem, or a kdump kernel with 016a25e4b0df, whose `hv_mmio=… fb=` line shows the reservation",
          ] : [])
    }
  }

  private func remediation(first f: BootGraph, kdump k: BootGraph, platform: Platform) -> String {
    let change: KernelChange.ID = k.generation == .gen1 ? .gen1AlwaysReservesBar0 : .gen2ReservesLowMmioBase
    var parts: [String] = []
    if let update = Advice.kernelUpdate([change], for: k) { parts.append(update) }
    if k.generation != .gen1, let kexec = Advice.kexecFileLoad(platform, first: f) { parts.append(kexec) }
    if k.generation == .gen1 { parts.append(Advice.lowerResolution) }
    parts.append(Advice.keepVideoDriver)
    return parts.joined(separator: " ")
  }
}

extension KD003NoReservation {
  static let seen = RuleCondition(
    "seen", .error,
    "the kdump kernel prints `fb=(null)` or `Unexpected framebuffer mmio base of zero`, and its role is proven"
  )
  static let inferred = RuleCondition(
    "inferred", .warning,
    "no line shows the reservation: a zero base and a kernel without the fix are assumed (the finding says which and how it knows), or the kdump role is unproven"
  )
}

extension Finding.Message {
  /// `The kdump kernel (…) reserves no framebuffer range: …`, and where the live VRAM was.
  fileprivate static func noReservation(kdump k: BootGraph, reasoning: String, first f: BootGraph)
    -> Finding.Message
  {
    var message = "\(k.label) reserves no framebuffer range: \(reasoning)."
    if let vram = f.vram {
      message +=
        " \(f.label.sentenceStart) had its VRAM at \(vram.range.sizeFirst), which the host still maps; nothing keeps the kdump kernel's allocations off it."
    }
    return Finding.Message(message)
  }
}
