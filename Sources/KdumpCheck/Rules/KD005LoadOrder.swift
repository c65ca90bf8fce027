import IomemParse

/// hv_pci and the video driver register in a different, or unguaranteed, order.
public struct KD005LoadOrder: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD005", name: "nondeterministic-load-order", severity: .warning,
    summary:
      "hv_pci and hyperv_drm/hyperv_fb register in a different order in the two kernels, or both are modules.",
    explanation: """
      vmbus_allocate_mmio() hands out the lowest free address of the first window that fits, so
      whichever of hv_pci and the video driver asks first gets the address the other got in the
      other kernel. When both are modules their order is not deterministic and can differ between
      the first kernel and the kdump kernel: then hv_pci can land on the VRAM the host still maps for
      the first kernel. The log shows the order the drivers *registered* in (`hv_vmbus: registering
      driver …`); both probe asynchronously, so that is not proof of the order they allocated in:
      the addresses each kernel handed out (/proc/iomem, bridge-window lines) decide where they are
      captured, and an order difference shown only by registration lines stays a warning.
      """,
    remediation: """
      First make the kdump kernel reserve the framebuffer (in the guest: a kernel with 016a25e4b0df on \
      Gen2, first in v7.1 and backported to 6.12.y, 6.6.y, 6.1.y and 5.15.211+; on Gen1 one with \
      2a8a8afba0c3, v6.0, no stable backport): with a reservation that covers the VRAM the order is \
      harmless. Only on a Gen1 kernel with 2a8a8afba0c3 does building hv_pci in (CONFIG_PCI_HYPERV=y, \
      in the guest's kernel build) make both kernels allocate in the same order; where the kdump \
      kernel reserves nothing (Gen2 without 016a25e4b0df after kexec_load, Gen1 without 2a8a8afba0c3) \
      built-in hv_pci allocates first and makes the collision certain. Forcing the same order in the \
      kdump initramfs (a softdep, or an explicit modprobe order) is the other way, in the guest.
      """,
    triggering: KD005Examples.triggering, nonTriggering: KD005Examples.nonTriggering)

  public func check(_ capture: Capture) -> [Finding] {
    var findings: [Finding] = []
    var paired = Set<Int>()
    for pair in capture.pairs {
      paired.insert(pair.first)
      paired.insert(pair.kdump)
      let f = capture.graphs[pair.first]
      let k = capture.graphs[pair.kdump]
      guard let fPci = f.hvPciDriver, let fVideo = f.videoDriver, let kPci = k.hvPciDriver,
        let kVideo = k.videoDriver
      else { continue }
      let evidence = [
        f.evidence(fPci.provenance), f.evidence(fVideo.provenance), k.evidence(kPci.provenance),
        k.evidence(kVideo.provenance),
      ]
      if fPci.builtIn == true, kPci.builtIn == true {
        let reserved = k.framebufferReservation != nil
        findings.append(
          Finding(
            rule: Self.description.id, severity: .info,
            message:
              "hv_pci is built in (it registers before init in both \(f.label) and \(k.label)), so both kernels register it before the video driver."
              + (reserved
                ? ""
                : " No framebuffer reservation is known for the kdump kernel: if it has none, built-in hv_pci allocates first and its config window takes the lowest free address, which can be the first kernel's live VRAM."),
            evidence: evidence,
            remediation: reserved
              ? "Nothing to do for the registration order: the kdump kernel reserves the framebuffer."
              : "Check that the kdump kernel reserves the framebuffer (KD002, KD003): where it reserves nothing, fix that in the guest (016a25e4b0df on Gen2, 2a8a8afba0c3 on Gen1) — built-in hv_pci does not help then."
          ))
        continue
      }
      let firstOrder =
        fPci.provenance.precedes(fVideo.provenance) ? "hv_pci first" : "\(fVideo.driver) first"
      let kdumpOrder =
        kPci.provenance.precedes(kVideo.provenance) ? "hv_pci first" : "\(kVideo.driver) first"
      let protected =
        k.framebufferReservation.map { r in f.vram.map { r.range.contains($0.range) } ?? false } ?? false
      guard !protected else { continue }
      let modules = fPci.builtIn == false && fVideo.builtIn == false
      if firstOrder != kdumpOrder {
        var message =
          "The registration order differs: \(firstOrder) in \(f.label), \(kdumpOrder) in \(k.label)"
        message +=
          modules ? "; both are modules (they register after init), so nothing fixes the order." : "."
        message +=
          " The kdump kernel's framebuffer reservation does not cover the first kernel's VRAM, so whichever asks first gets the address the other had."
        if let caveat = capture.kdumpCaveat(pair) { message += " " + caveat }
        findings.append(
          Finding(
            rule: Self.description.id, severity: .warning, message: message, evidence: evidence,
            remediation: Self.description.remediation))
      } else if modules {
        findings.append(
          Finding(
            rule: Self.description.id, severity: .note,
            message:
              "hv_pci and \(fVideo.driver) are both modules: the registration order (\(firstOrder)) was the same in both kernels this time, but it is not guaranteed.",
            evidence: evidence, remediation: Self.description.remediation))
      }
    }
    for (i, g) in capture.graphs.enumerated() where !paired.contains(i) {
      guard let pci = g.hvPciDriver, let video = g.videoDriver, pci.builtIn == false, video.builtIn == false
      else { continue }
      findings.append(
        Finding(
          rule: Self.description.id, severity: .note,
          message:
            "In \(g.label) hv_pci and \(video.driver) are both modules (they register after init), so their order is not guaranteed; a kdump kernel may load them the other way round.",
          evidence: [g.evidence(pci.provenance), g.evidence(video.provenance)],
          remediation: Self.description.remediation,
          missing: ["the kdump kernel's console log (serial console or kexec-dmesg.log) to compare the order"]
        ))
    }
    return findings
  }
}
