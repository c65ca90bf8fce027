import IomemParse

/// Read on the running system: is a capture kernel loaded, is memory reserved for it, and does
/// its initramfs hold the drivers a dump target behind hv_pci needs?
public struct KD014KdumpNotReady: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD014", name: "kdump-not-ready-on-running-system",
    conditions: [notLoaded, noReservation, dumpUnreachable, driverMissing, tooSmall, videoLeftOut, ready],
    summary:
      "Before a crash: no capture kernel is loaded, no crash kernel memory is reserved, or the kdump initramfs lacks a driver the dump needs.",
    explanation: """
      panic() can only boot a capture kernel that was loaded beforehand (`kexec -p`, done by the
      kdump-tools or kdump service at boot) into memory reserved with `crashkernel=`:
      /sys/kernel/kexec_crash_loaded reads 1, `kdump-config show` says `ready to kdump`, `kdumpctl
      status` says `Kdump is operational`. The capture kernel boots from its own initramfs: a
      driver built as a module that is not in it is missing in the kdump kernel — without
      pci-hyperv.ko (and nvme.ko) an NVMe disk behind hv_pci, the root or dump disk on newer Azure
      sizes, is not found and no dump is written. Leaving hyperv_drm/hyperv_fb out of it, an old
      workaround, does not help: the range the host still maps for the first kernel's VRAM stays
      unclaimed, and hv_pci then allocates first.
      """,
    remediation: """
      In the guest: add `crashkernel=` to the kernel command line and reboot; enable and start the \\
      kdump service (`kdump-config load` / `systemctl enable --now kdump-tools` on Ubuntu/Debian, \\
      `kdumpctl start` / `systemctl enable --now kdump` on RHEL/Fedora) and read why it fails in its \\
      status; rebuild the kdump initramfs with the missing drivers (kdump-tools: \\
      /etc/kernel/postinst.d/kdump-tools; dracut: `kdumpctl rebuild`, `extra_modules` in /etc/kdump.conf).
      """,
    triggering: KD014Examples.triggering, nonTriggering: KD014Examples.nonTriggering, scope: .kdump,
    predicts: true)

  public func check(_ capture: Capture) -> [Finding] {
    let s = capture.system
    guard !s.isEmpty else { return [] }
    var findings: [Finding] = []
    var unloaded: [Provenance] = []
    if let loaded = s.crashLoaded, !loaded.value { unloaded.append(loaded.line) }
    if let ready = s.kdumpReady, !ready.value { unloaded.append(ready.line) }
    if !unloaded.isEmpty {
      findings.append(
        finding(
          Self.notLoaded,
          message: .notLoaded(unloaded),
          evidence: unloaded.map { Evidence($0, boot: 0, role: .first) },
          remediation:
            "In the guest, load it and read why it was not: `kdump-config load` and `kdump-config show` on Ubuntu/Debian, `kdumpctl restart` and `kdumpctl status` (or `journalctl -u kdump`) on RHEL/Fedora."
        ))
    }
    if let cmdline = s.commandLine, cmdline.value.value("crashkernel") == nil {
      findings.append(
        finding(
          Self.noReservation,
          message: .noCrashkernelParameter(),
          evidence: [Evidence(cmdline.line, boot: 0, role: .first)],
          remediation:
            "In the guest, add `crashkernel=` to the kernel command line (e.g. in /etc/default/grub.d/kdump-tools.cfg on Ubuntu, `kdumpctl reset-crashkernel` on RHEL/Fedora), regenerate the boot loader configuration and reboot."
        ))
    }
    if capture.platform.hypervisor == .hyperV {
      findings += initramfsDrivers(s, Readiness(capture)?.dumpOnNVMe)
    }
    if let small = tooSmall(s) { findings.append(small) }
    if findings.isEmpty, s.crashLoaded?.value == true || s.kdumpReady?.value == true {
      let line = (s.crashLoaded ?? s.kdumpReady)!.line
      findings.append(
        finding(
          Self.ready,
          message: .captureKernelLoaded(line),
          evidence: [Evidence(line, boot: 0, role: .first)],
          remediation: "Nothing to change for loading kdump."))
    }
    return findings
  }

  /// Modules the running kernel uses that a complete listing of the kdump initramfs lacks.
  private func initramfsDrivers(_ s: RunningSystem, _ dump: Readiness.Fact<Bool>?) -> [Finding] {
    guard let listing = s.initramfsListing, listing.value else { return [] }
    var findings: [Finding] = []
    var missing: [(String, Provenance)] = []
    for (module, loaded, option) in [
      ("pci-hyperv", "pci_hyperv", "CONFIG_PCI_HYPERV"), ("nvme", "nvme", "CONFIG_BLK_DEV_NVME"),
    ] {
      guard let used = s.loaded(loaded), s.build(option)?.value != "y", s.inInitramfs(module) == nil else {
        continue
      }
      missing.append((module, used))
    }
    if !missing.isEmpty {
      let unreachable = dump.map { $0.value && $0.seen } ?? false
      let message = Finding.Message.initramfsLacks(modules: missing.map(\.0), dump: dump)
      findings.append(
        finding(
          unreachable ? Self.dumpUnreachable : Self.driverMissing,
          message: message,
          evidence: ([listing.line] + missing.map(\.1) + (dump?.lines ?? [])).map {
            Evidence($0, boot: 0, role: .first)
          },
          remediation:
            "In the guest, rebuild the kdump initramfs with them: on RHEL/Fedora `extra_modules pci-hyperv nvme` in /etc/kdump.conf and `kdumpctl rebuild`; on Ubuntu/Debian add them to /etc/initramfs-tools/modules (MODULES=dep in kdump-tools' initramfs config may drop them) and re-run /etc/kernel/postinst.d/kdump-tools."
        ))
    }
    for driver in ["hyperv_drm", "hyperv_fb"] {
      guard let used = s.loaded(driver), s.inInitramfs(driver) == nil else { continue }
      findings.append(
        finding(
          Self.videoLeftOut,
          message: .videoDriverLeftOut(driver),
          evidence: [listing.line, used].map { Evidence($0, boot: 0, role: .first) },
          remediation:
            "In the guest, keep \(driver) in the kdump initramfs (undo an omit_drivers / blacklist workaround) and rebuild it."
        ))
    }
    return findings
  }

  /// A reservation smaller than the tool's own estimate (`kdumpctl estimate`, or kdump-config's
  /// `crashkernel suggested size` against /sys/kernel/kexec_crash_size).
  private func tooSmall(_ s: RunningSystem) -> Finding? {
    func megabytes(_ text: String) -> UInt64? { UInt64(text.prefix { $0.isNumber }) }
    var reserved: (UInt64, Provenance)?
    var wanted: (UInt64, Provenance)?
    if let r = s.kdumpSettings["Reserved crashkernel"], let mb = megabytes(r.value) {
      reserved = (mb, r.line)
    }
    if let w = s.kdumpSettings["Recommended crashkernel"] ?? s.kdumpSettings["crashkernel suggested size"],
      let mb = megabytes(w.value)
    {
      wanted = (mb, w.line)
    }
    if reserved == nil, let size = s.crashSize { reserved = (size.value >> 20, size.line) }
    guard let reserved, let wanted, reserved.0 > 0, reserved.0 < wanted.0 else { return nil }
    return finding(
      Self.tooSmall,
      message: .reservationTooSmall(reserved: reserved.0, wanted: wanted.0),
      evidence: [reserved.1, wanted.1].map { Evidence($0, boot: 0, role: .first) },
      remediation:
        "In the guest, raise `crashkernel=` on the kernel command line to at least \(wanted.0)M (`kdumpctl reset-crashkernel` on RHEL/Fedora; /etc/default/grub.d/kdump-tools.cfg on Ubuntu) and reboot."
    )
  }
}

extension KD014KdumpNotReady {
  static let notLoaded = RuleCondition(
    "not-loaded", .error,
    "/sys/kernel/kexec_crash_loaded reads 0, `kdump-config show` says `Not ready to kdump`, or kdumpctl says `not operational`"
  )
  static let noReservation = RuleCondition(
    "no-reservation", .error, "/proc/cmdline has no `crashkernel=`")
  static let dumpUnreachable = RuleCondition(
    "dump-unreachable", .error,
    "the dump goes to an NVMe disk behind hv_pci and a complete kdump initramfs listing lacks pci-hyperv.ko or nvme.ko (modules)"
  )
  static let tooSmall = RuleCondition(
    "too-small", .warning,
    "the crash kernel reservation is smaller than `kdumpctl estimate` or kdump-config's suggested size")
  static let driverMissing = RuleCondition(
    "driver-missing", .warning,
    "a complete listing of the kdump initramfs lacks pci-hyperv.ko or nvme.ko while the running kernel loads them as modules"
  )
  static let videoLeftOut = RuleCondition(
    "video-left-out", .warning, "the kdump initramfs lacks the video driver the running kernel uses")
  static let ready = RuleCondition(
    "ready", .info, "a capture kernel is loaded and nothing else here is wrong")
}

extension Finding.Message {
  /// `The kdump initramfs lacks pci-hyperv.ko, which the running kernel loads as a module: …`,
  /// and whether the dump needs it.
  fileprivate static func initramfsLacks(modules: [String], dump: Readiness.Fact<Bool>?) -> Finding.Message {
    var message =
      "The kdump initramfs lacks \(modules.map { "\($0).ko" }.joined(separator: " and ")), which the running kernel loads as a module: the kdump kernel cannot reach an NVMe disk behind hv_pci"
    if let dump {
      message +=
        dump.value
        ? ", and \(dump.why): no dump will be written."
        : "; \(dump.why), so the dump itself does not need it."
    } else {
      message +=
        ", so a dump to one is not written (where the dump goes is not in the capture: `findmnt` or `lsblk` would tell)."
    }
    return Finding.Message(message)
  }
  /// No capture kernel loaded, by the lines that say so.
  fileprivate static func notLoaded(_ unloaded: [Provenance]) -> Finding.Message {
    Finding.Message(
      "No capture kernel is loaded on the running system (\(unloaded.map { "`\($0.text.split(separator: " ").joined(separator: " "))`" }.joined(separator: ", "))): a crash now reboots without a dump."
    )
  }
  /// The running kernel's command line without `crashkernel=`.
  fileprivate static func noCrashkernelParameter() -> Finding.Message {
    Finding.Message(
      "The running kernel's command line (/proc/cmdline) has no `crashkernel=`: no memory is reserved for a capture kernel."
    )
  }
  /// A capture kernel loaded, by the line that says so.
  fileprivate static func captureKernelLoaded(_ line: Provenance) -> Finding.Message {
    Finding.Message(
      "A capture kernel is loaded on the running system (`\(line.text.split(separator: " ").joined(separator: " "))`)."
    )
  }
  /// The kdump initramfs without the video driver the running kernel uses.
  fileprivate static func videoDriverLeftOut(_ driver: String) -> Finding.Message {
    Finding.Message(
      "The kdump initramfs lacks \(driver).ko, which the running kernel uses: in the kdump kernel nothing claims the framebuffer range the host still maps, and hv_pci allocates first (see KD012/KD013)."
    )
  }
  /// The crash kernel reservation below the kdump tool's estimate.
  fileprivate static func reservationTooSmall(reserved: UInt64, wanted: UInt64) -> Finding.Message {
    Finding.Message(
      "The crash kernel reservation (\(reserved) MiB) is smaller than the kdump tool's own estimate (\(wanted) MiB): the capture kernel may run out of memory before it writes the dump."
    )
  }
}
