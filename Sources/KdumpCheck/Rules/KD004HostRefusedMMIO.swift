import IomemParse

/// The host refused hv_pci's D0 entry: its MMIO collides with what the host still maps.
public struct KD004HostRefusedMMIO: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD004", name: "host-refused-hv-pci-mmio",
    conditions: [refusedInKdump, refused, d0Failed, releaseFailed],
    summary:
      "hv_pci could not enter D0: the host refused its MMIO (status c0370048), the retry failed with another status, or the previous kernel's state could not be released.",
    explanation: """
      hv_pci_enter_d0() tells the host where the device's config window is. In a kdump kernel the
      first attempt commonly fails (the device was not shut down cleanly, often status c0000184) and
      the retry succeeds: that is the normal path. The retry exists since v5.8 (c81992e7f4aa), and
      its lines come in two orders: from a 2020 fix until its June 2023 revert (v6.4, also 6.3.y) the
      first status is printed before `Retrying D0 Entry`; in v5.8 and after the revert `Retrying D0
      Entry` comes first and a status is printed only if the retry fails too. A status printed after
      `Retrying D0 Entry` is therefore the retry's. `c0370048` is the host refusing the MMIO range —
      typically because it overlaps the VRAM the first kernel's video driver still uses. Another
      status after the retry is a D0 failure whose cause the log does not name. `Retrying D0 failed
      with ret %d` means hv_pci_bus_exit() failed: what the previous kernel held could not be
      released. In each case the passthrough device does not appear; when it is the NVMe root disk
      (newer Azure sizes), the kdump kernel finds no root file system and no dump is written.
      """,
    remediation: """
      For a refusal, keep the kdump kernel's hv_pci allocations off the live VRAM: in the guest, a \
      kdump kernel with 016a25e4b0df (v7.1; stable 6.12.y, 6.6.y, 6.1.y, 5.15.211+; it reserves the \
      framebuffer range even with a zero firmware base); on x86-64 with hyperv_drm, load it with \
      kexec_file_load (`kexec -s`). If the dump target is on that NVMe disk, a network dump target \
      avoids it only where the kdump initramfs is self-contained (dracut on RHEL/Fedora builds one; \
      check the distribution first). Removing hyperv_drm from the kdump initramfs does not help. For \
      another status or a failed release, the log does not show the cause: capture the kdump kernel's \
      full console (Azure boot diagnostics or a serial console).
      """,
    triggering: KD004Examples.triggering, nonTriggering: KD004Examples.nonTriggering,
    references: [.change(.d0Retry), .change(.gen2ReservesLowMmioBase), .change(.domainFromBytes4And5)])

  public func check(_ capture: Capture) -> [Finding] {
    var findings: [Finding] = []
    for (index, g) in capture.graphs.enumerated() {
      var byDevice: [String: [LogEvent]] = [:]
      var order: [String] = []
      for event in g.events {
        let device: String?
        switch event.kind {
        case .hvPciD0Failed(let d, _), .hvPciD0Retry(let d), .hvPciD0RetryFailed(let d, _): device = d
        case .vmbusProbeFailed(let d, _): device = d
        default: device = nil
        }
        guard let device else { continue }
        if byDevice[device] == nil { order.append(device) }
        byDevice[device, default: []].append(event)
      }
      for device in order {
        let events = byDevice[device]!
        guard let outcome = Self.outcome(events) else { continue }
        let nvme = nvmeBehind(guid: device, capture)
        let condition: RuleCondition
        switch outcome {
        case .status(let status) where status.hasSuffix("c0370048"):
          condition = g.role == .kdump ? Self.refusedInKdump : Self.refused
        case .status: condition = Self.d0Failed
        case .release: condition = Self.releaseFailed
        }
        let probeFailed = events.contains { if case .vmbusProbeFailed = $0.kind { true } else { false } }
        let message = Finding.Message.d0Entry(
          kernel: g, device: device, outcome: outcome, probeFailed: probeFailed, nvme: nvme)
        findings.append(
          finding(
            condition, message: message, evidence: events.map { g.evidence($0.provenance) },
            remediation: remediation(condition, index, capture)))
      }
    }
    return findings
  }

  /// How a device's D0 entry ended: a status printed after `Retrying D0 Entry` (either print
  /// order) or with no retry at all is final; one before a retry is the first attempt's; a
  /// failed release ends it. `nil` when D0 entry succeeded in the end.
  enum Outcome {
    case status(String)
    case release(Int)
  }

  static func outcome(_ events: [LogEvent]) -> Outcome? {
    let retried = events.contains { if case .hvPciD0Retry = $0.kind { true } else { false } }
    var sawRetry = false
    var final: Outcome?
    for e in events {
      switch e.kind {
      case .hvPciD0Retry: sawRetry = true
      case .hvPciD0Failed(_, let status) where sawRetry || !retried: final = .status(status)
      case .hvPciD0RetryFailed(_, let ret): final = .release(ret)
      default: break
      }
    }
    return final
  }

  private func remediation(_ condition: RuleCondition, _ index: Int, _ capture: Capture) -> String {
    let g = capture.graphs[index]
    guard condition == Self.refusedInKdump || condition == Self.refused else {
      return
        "The log does not show the cause: capture the kdump kernel's full console from its start (Azure boot diagnostics or a serial console), and its /proc/iomem if it reaches a shell."
    }
    var parts: [String] = []
    if let update = Advice.kernelUpdate(
      [.gen2ReservesLowMmioBase], for: g, role: g.role == .kdump ? "kdump kernel" : "kernel")
    {
      parts.append(update)
    }
    let first = capture.pairs.first { $0.kdump == index }.map { capture.graphs[$0.first] }
    if let kexec = Advice.kexecFileLoad(capture.platform, first: first ?? g) { parts.append(kexec) }
    parts.append(
      "If the dump target is on the NVMe disk behind hv_pci, a network dump target avoids it only where the kdump initramfs is self-contained (dracut on RHEL/Fedora builds one; check the distribution first)."
    )
    parts.append(Advice.keepVideoDriver)
    return parts.joined(separator: " ")
  }

  /// An NVMe function (class 0x0108xx, or an `nvme` claim) in the device's PCI domain, anywhere.
  private func nvmeBehind(guid: String, _ capture: Capture) -> String? {
    for g in capture.graphs {
      guard let domain = g.pciDomain(of: guid) ?? PCIDomain.group(guid, 1) else { continue }
      for (address, _) in g.events({ kind -> String? in
        if case .pciDevice(let a, _, _, let cls) = kind, cls.hasPrefix("0x0108") { a } else { nil }
      }) where address.hasPrefix(domain + ":") {
        return "PCI \(address)"
      }
      if let dump = g.iomem {
        var found: String?
        for root in dump.roots {
          root.walk { node, _ in
            if found == nil, case .pciDevice(let a) = node.kind, a.hasPrefix(domain + ":"),
              node.children.contains(where: { $0.name == "nvme" })
            {
              found = "PCI \(a), /proc/iomem line \(node.provenance.line)"
            }
          }
        }
        if let found { return found }
      }
    }
    return nil
  }
}

extension KD004HostRefusedMMIO {
  static let refusedInKdump = RuleCondition(
    "refused-in-kdump", .error,
    "D0 entry ends with status c0370048 in a kdump kernel: the host refused the MMIO")
  static let refused = RuleCondition(
    "refused", .warning, "D0 entry ends with status c0370048 in a first kernel or a kernel of unknown role")
  static let d0Failed = RuleCondition(
    "d0-failed", .warning,
    "the retry fails with a status other than c0370048: a D0 failure without the MMIO diagnosis")
  static let releaseFailed = RuleCondition(
    "release-failed", .warning,
    "`Retrying D0 failed with ret`: hv_pci_bus_exit() could not release the previous kernel's state")
}

extension Finding.Message {
  /// `The kdump kernel (…): the host refused hv_pci device …'s MMIO (D0 entry failed with status
  /// c0370048) and the probe failed: …`, by how D0 entry ended.
  fileprivate static func d0Entry(
    kernel g: BootGraph, device: String, outcome: KD004HostRefusedMMIO.Outcome, probeFailed: Bool,
    nvme: String?
  ) -> Finding.Message {
    var message: String
    switch outcome {
    case .status(let status) where status.hasSuffix("c0370048"):
      message =
        "\(g.label): the host refused hv_pci device \(device)'s MMIO (D0 entry failed with status \(status))"
    case .status(let status):
      message =
        "\(g.label): hv_pci device \(device) could not enter D0 (status \(status) after `Retrying D0 Entry`); the log does not say why, so this is not read as an MMIO conflict"
    case .release(let ret):
      message =
        "\(g.label): hv_pci device \(device) could not release what the previous kernel held (`Retrying D0 failed with ret \(ret)`: hv_pci_bus_exit() failed), so D0 entry was not retried"
    }
    message += probeFailed ? " and the probe failed: the passthrough device is missing in this kernel." : "."
    if let nvme {
      message +=
        " It carries an NVMe controller (\(nvme)): if the root or dump disk is on it, the kdump kernel finds no root file system and no dump is written."
    }
    return Finding.Message(message)
  }
}
