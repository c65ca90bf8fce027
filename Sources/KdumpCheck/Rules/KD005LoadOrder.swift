import IomemParse

/// hv_pci and the video driver register in a different, or unguaranteed, order.
public struct KD005LoadOrder: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD005", name: "nondeterministic-load-order",
    conditions: [allocationDiffers, registrationDiffers, modules, builtInUnreserved, builtIn],
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
    triggering: KD005Examples.triggering, nonTriggering: KD005Examples.nonTriggering,
    references: [
      .change(.gen1AlwaysReservesBar0), .change(.gen2ReservesLowMmioBase),
      .configWindowReview,
    ])

  public func check(_ capture: Capture) -> [Finding] {
    var findings: [Finding] = []
    var paired = Set<Int>()
    for pair in capture.pairs {
      paired.insert(pair.first)
      paired.insert(pair.kdump)
      let f = capture.graphs[pair.first]
      let k = capture.graphs[pair.kdump]
      let fAddresses = Self.allocationOrder(f)
      let kAddresses = Self.allocationOrder(k)
      let fRegistered = Self.registrationOrder(f)
      let kRegistered = Self.registrationOrder(k)
      guard let fOrder = fAddresses ?? fRegistered, let kOrder = kAddresses ?? kRegistered else { continue }
      let evidence = fOrder.lines.map { f.evidence($0) } + kOrder.lines.map { k.evidence($0) }
      if let fPci = f.hvPciDriver, let kPci = k.hvPciDriver, fPci.builtIn == true, kPci.builtIn == true,
        fAddresses == nil || kAddresses == nil || fOrder.pciFirst == kOrder.pciFirst
      {
        let reservation = k.framebufferReservation
        let covers = reservation.flatMap { r in f.vram.map { r.range.contains($0.range) } }
        let reserved = reservation != nil && covers != false
        let message = Finding.Message.builtInHvPci(
          first: f, kdump: k, reservation: reservation, covers: covers)
        findings.append(
          finding(
            reserved ? Self.builtIn : Self.builtInUnreserved, message: message, evidence: evidence,
            remediation: reserved
              ? "Nothing to do for the order: the kdump kernel reserves the framebuffer (\(k.framebufferReservation!.range.hex))."
              : "Check that the kdump kernel reserves the framebuffer (KD002, KD003): where it reserves nothing, fix that in the guest (016a25e4b0df on Gen2, 2a8a8afba0c3 on Gen1) — built-in hv_pci makes the collision certain then."
          ))
        continue
      }
      let protected =
        k.framebufferReservation.map { r in f.vram.map { r.range.contains($0.range) } ?? false } ?? false
      guard !protected else { continue }
      let modules = f.hvPciDriver?.builtIn == false && f.videoDriver?.builtIn == false
      if fOrder.pciFirst != kOrder.pciFirst {
        let proven = fAddresses != nil && kAddresses != nil
        let basis =
          proven
          ? "allocation order" : fAddresses == nil && kAddresses == nil ? "registration order" : "order"
        let message = Finding.Message.orderDiffers(
          basis: basis, first: f, order: fOrder, kdump: k, order: kOrder, modules: modules, proven: proven,
          firstAddresses: fAddresses != nil, kdumpAddresses: kAddresses != nil
        ).followed(by: capture.kdumpCaveat(pair))
        findings.append(
          finding(
            proven ? Self.allocationDiffers : Self.registrationDiffers, message: message, evidence: evidence,
            remediation: remediation(first: f, kdump: k),
            missing: proven
              ? [] : ["both kernels' /proc/iomem read as root (the addresses show the allocation order)"]))
      } else if modules {
        findings.append(
          finding(
            Self.modules,
            message: .modulesInSameOrder(video: f.videoDriver?.driver, order: fOrder.phrase),
            evidence: evidence, remediation: remediation(first: f, kdump: k)))
      }
    }
    for (i, g) in capture.graphs.enumerated() where !paired.contains(i) {
      guard let pci = g.hvPciDriver, let video = g.videoDriver, pci.builtIn == false, video.builtIn == false
      else { continue }
      findings.append(
        finding(
          Self.modules,
          message: .modulesInLoneKernel(kernel: g, video: video.driver),
          evidence: [g.evidence(pci.provenance), g.evidence(video.provenance)],
          remediation: remediation(first: g, kdump: g),
          missing: ["the kdump kernel's console log (serial console or kexec-dmesg.log) to compare the order"]
        ))
    }
    return findings
  }

  /// Which of hv_pci and the video driver went first in one kernel, and the lines that show it.
  struct Order: Equatable {
    var pciFirst: Bool
    var phrase: String
    var lines: [Provenance]
  }

  /// From the addresses: vmbus_allocate_mmio() hands out the lowest free address, so of hv_pci's
  /// config window and a VRAM outside any reservation, both seen in the same half of the address
  /// space, the lower one asked first.
  static func allocationOrder(_ g: BootGraph) -> Order? {
    guard
      let window = g.claims(.hvPciConfigWindow).first(where: { $0.certainty == .seen }),
      let vram = g.claims(.videoVRAM).first(where: { $0.certainty == .seen }),
      (window.range.start < 1 << 32) == (vram.range.start < 1 << 32),
      !(g.framebufferReservation.map { $0.range.contains(vram.range) } ?? false)
    else { return nil }
    let pciFirst = window.range.start < vram.range.start
    return Order(
      pciFirst: pciFirst,
      phrase: pciFirst
        ? "hv_pci first (its config window \(window.range.hex) lies below the VRAM \(vram.range.hex))"
        : "the video driver first (the VRAM \(vram.range.hex) lies below hv_pci's config window \(window.range.hex))",
      lines: window.provenance + vram.provenance)
  }

  /// From the `registering driver` lines: only the registration order.
  static func registrationOrder(_ g: BootGraph) -> Order? {
    guard let pci = g.hvPciDriver, let video = g.videoDriver else { return nil }
    let pciFirst = pci.provenance.precedes(video.provenance)
    return Order(
      pciFirst: pciFirst, phrase: pciFirst ? "hv_pci registered first" : "\(video.driver) registered first",
      lines: [pci.provenance, video.provenance])
  }

  private func remediation(first f: BootGraph, kdump k: BootGraph) -> String {
    var parts: [String] = []
    let change: KernelChange.ID = k.generation == .gen1 ? .gen1AlwaysReservesBar0 : .gen2ReservesLowMmioBase
    if let update = Advice.kernelUpdate([change], for: k) {
      parts.append(
        "First make the kdump kernel reserve the framebuffer, which makes the order harmless. " + update)
    }
    if k.generation != .gen2 {
      parts.append(Advice.builtInHvPci(first: f, kdump: k))
    } else {
      parts.append(
        "On Gen2 do not build hv_pci in as a fix: where the kdump kernel reserves nothing, built-in hv_pci allocates first and takes the low MMIO base, the live VRAM."
      )
    }
    parts.append(
      "Forcing one order in the kdump initramfs (a softdep, or an explicit modprobe order) is the other way, in the guest."
    )
    return parts.joined(separator: " ")
  }
}

extension KD005LoadOrder {
  static let allocationDiffers = RuleCondition(
    "allocation-differs", .warning,
    "both kernels' addresses show the allocation order, and it differs while the kdump kernel's reservation does not cover the VRAM"
  )
  static let registrationDiffers = RuleCondition(
    "registration-differs", .warning,
    "only `registering driver` lines show the order (a proxy: both drivers probe asynchronously), and it differs while the kdump kernel's reservation does not cover the VRAM"
  )
  static let modules = RuleCondition(
    "modules", .note,
    "both drivers are modules: the order was the same this time (or only one kernel was captured) but is not guaranteed"
  )
  static let builtInUnreserved = RuleCondition(
    "built-in-unreserved", .note,
    "hv_pci is built in in both kernels and no framebuffer reservation is known for the kdump kernel")
  static let builtIn = RuleCondition(
    "built-in", .info, "hv_pci is built in in both kernels and the kdump kernel reserves the framebuffer")
}

extension Finding.Message {
  /// `hv_pci is built in (…)`: both kernels register it before the video driver, and what that means here.
  fileprivate static func builtInHvPci(
    first f: BootGraph, kdump k: BootGraph, reservation: ResourceClaim?, covers: Bool?
  ) -> Finding.Message {
    var message =
      "hv_pci is built in (it registers before init in both \(f.label) and \(k.label)), so both kernels register it before the video driver."
    if reservation == nil {
      message +=
        " No framebuffer reservation is known for the kdump kernel: if it has none, built-in hv_pci allocates first and its config window takes the lowest free address, which can be the first kernel's live VRAM."
    } else if covers == false {
      message +=
        " The kdump kernel's framebuffer reservation does not cover the first kernel's VRAM (KD002): built-in hv_pci allocates first and can take the live VRAM."
    } else if covers == nil {
      message +=
        " Where the first kernel's VRAM lay is not shown, so whether the reservation covers it is not known."
    }
    return Finding.Message(message)
  }
  /// `The allocation order differs: … in the first kernel, … in the kdump kernel`, and why it matters.
  fileprivate static func orderDiffers(
    basis: String, first f: BootGraph, order fOrder: KD005LoadOrder.Order, kdump k: BootGraph,
    order kOrder: KD005LoadOrder.Order, modules: Bool, proven: Bool, firstAddresses: Bool,
    kdumpAddresses: Bool
  ) -> Finding.Message {
    var message = "The \(basis) differs: \(fOrder.phrase) in \(f.label), \(kOrder.phrase) in \(k.label)"
    message +=
      modules ? "; both are modules (they register after init), so nothing fixes the order." : "."
    if !proven {
      message +=
        " Registration order (shown for \(!firstAddresses && !kdumpAddresses ? "both kernels" : !firstAddresses ? "the first kernel" : "the kdump kernel")) is only a proxy (both drivers probe asynchronously); the addresses each kernel handed out (its /proc/iomem) would prove the allocation order."
    }
    message +=
      " The kdump kernel's framebuffer reservation does not cover the first kernel's VRAM, so whichever asks first gets the address the other had."
    return Finding.Message(message)
  }
  /// Both drivers modules, in the same order in both kernels this time.
  fileprivate static func modulesInSameOrder(video: String?, order: String) -> Finding.Message {
    Finding.Message(
      "hv_pci and \(video ?? "the video driver") are both modules: the order (\(order)) was the same in both kernels this time, but it is not guaranteed."
    )
  }
  /// A lone first kernel with both drivers modules.
  fileprivate static func modulesInLoneKernel(kernel g: BootGraph, video: String) -> Finding.Message {
    Finding.Message(
      "In \(g.label) hv_pci and \(video) are both modules (they register after init), so their order is not guaranteed; a kdump kernel may load them the other way round."
    )
  }
}
