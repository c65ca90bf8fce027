import IomemParse

/// The host refused hv_pci's D0 entry: its MMIO collides with what the host still maps.
public struct KD004HostRefusedMMIO: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD004", name: "host-refused-hv-pci-mmio", severity: .error,
    summary:
      "The host refused hv_pci's MMIO in the kdump kernel (D0 entry failed with c0370048, or the retry failed too).",
    explanation: """
      hv_pci_enter_d0() tells the host where the device's config window is. In a kdump kernel the
      first attempt commonly fails with c0000184 (the device was not shut down cleanly) and the
      retry (`Retrying D0 Entry`, 5.12+) succeeds: that is the normal path. `c0370048`, or a retry
      that fails again, means the host refused the MMIO range — typically because it overlaps the
      VRAM the first kernel's video driver is still using. The passthrough device does not appear;
      when it is the NVMe root disk (newer Azure sizes), the kdump kernel finds no root file system
      and no dump is written.
      """,
    remediation: """
      In the guest, keep the kdump kernel's hv_pci allocations off the live VRAM: a kdump kernel with \
      016a25e4b0df (first in v7.1, backported to 6.12.y, 6.6.y, 6.1.y and 5.15.211+; it reserves the \
      framebuffer range even with a zero firmware base) (the proposal "PCI: hv: Allocate MMIO from above 4GB for the config window" would also move hv_pci's config window out of low MMIO, but it is not known to be merged); on x86-64 with hyperv_drm, load it with kexec_file_load \
      (`kexec -s`). If the dump target is on that NVMe disk, a dump target not behind hv_pci (e.g. \
      a network target) still gets a dump. Removing hyperv_drm from the kdump initramfs does not help.
      """,
    triggering: KD004Examples.triggering, nonTriggering: KD004Examples.nonTriggering)

  public func check(_ capture: Capture) -> [Finding] {
    var findings: [Finding] = []
    for g in capture.graphs {
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
        guard refused(events) else { continue }
        let nvme = nvmeBehind(guid: device, capture)
        var message = "\(g.label): the host refused hv_pci device \(device)'s D0 entry"
        let statuses = events.compactMap { if case .hvPciD0Failed(_, let s) = $0.kind { s } else { nil } }
        message += " (status \(statuses.joined(separator: ", then ")))"
        message +=
          events.contains { if case .vmbusProbeFailed = $0.kind { true } else { false } }
          ? " and the probe failed: the passthrough device is missing in this kernel." : "."
        if let nvme {
          message +=
            " It carries an NVMe controller (\(nvme)): if the root or dump disk is on it, the kdump kernel finds no root file system and no dump is written."
        }
        let severity: Severity = g.role == .kdump ? .error : .warning
        findings.append(
          Finding(
            rule: Self.description.id, severity: severity, message: message,
            evidence: events.map { g.evidence($0.provenance) }, remediation: Self.description.remediation))
      }
    }
    return findings
  }

  /// `c0370048` anywhere, or a failure after `Retrying D0 Entry`, or a failed retry.
  private func refused(_ events: [LogEvent]) -> Bool {
    var retried = false
    for e in events {
      switch e.kind {
      case .hvPciD0Failed(_, let status):
        if status.hasSuffix("c0370048") || retried { return true }
      case .hvPciD0Retry: retried = true
      case .hvPciD0RetryFailed: return true
      default: break
      }
    }
    return false
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
