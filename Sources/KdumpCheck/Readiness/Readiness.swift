import IomemParse

/// The facts a prediction rests on, gathered once per VM from its command output, its running
/// kernel's log and /proc/iomem: which kernel the capture kernel will be and which changes it
/// carries, how it is loaded, and which drivers are built in, loaded, and in its initramfs. Each
/// fact is seen (a line states it) or assumed (the rule says so), with its lines.
struct Readiness {
  struct Fact<T> {
    var value: T
    var seen: Bool
    var why: String
    var lines: [Provenance]
  }

  let system: RunningSystem
  /// The running kernel's graph: the last first-kernel (or unknown) boot with a log.
  let running: BootGraph?
  let platform: Platform
  let arm64: Bool
  /// The capture kernel's release, and whether it is the running kernel's build.
  let captureKernel: Fact<String?>
  /// The changes the capture kernel carries.
  let changes: KernelChanges
  let mode: KexecMode?
  /// `hyperv_drm` or `hyperv_fb`, and how it is built (`y`, `m`, or unknown).
  let video: Fact<(driver: String, build: String?)>?
  /// hv_pci bound to a passthrough device, and how it is built.
  let hvPci: Fact<String?>?
  /// Whether the dump is written to an NVMe disk (behind hv_pci on Hyper-V and Azure), with
  /// the dump path and the mount that holds it.
  let dumpOnNVMe: Fact<Bool>?
  /// The VM also holds a proven kdump kernel's own log: what it shows decides.
  let observed: Bool

  /// The condition every prediction becomes when the kdump kernel's own log is there.
  static let crossCheck = RuleCondition(
    "cross-check", .info,
    "the VM also holds the kdump kernel's own log: what it shows decides, the prediction is a cross-check")

  /// A prediction's finding: the verdict, the facts it rests on, their lines (each once).
  func prediction<R: Rule>(
    _ rule: R, _ condition: RuleCondition, _ verdict: Finding.Message, facts: [String], lines: [Provenance],
    remediation: String, missing: [String]
  ) -> Finding {
    var unique = Set<Provenance>()
    return rule.finding(
      observed ? Self.crossCheck : condition,
      message: .prediction(verdict, facts: facts, observed: observed),
      evidence: lines.filter { unique.insert($0).inserted }.map { Evidence($0, boot: 0, role: .first) },
      remediation: remediation, missing: missing)
  }

  init?(_ capture: Capture) {
    let system = capture.system
    guard !system.isEmpty else { return nil }
    self.system = system
    platform = capture.platform
    let graph = capture.graphs.last { $0.role != .kdump && $0.boot != nil }
    running = graph
    arm64 =
      platform.architecture == .arm64
      || system.machine.map { $0.value == "aarch64" || $0.value == "arm64" } == true
    var runningRelease = system.release.map { ($0.value, $0.line) }
    if runningRelease == nil, let boot = graph?.boot, let release = boot.kernelVersion,
      let banner = boot.events.first
    {
      runningRelease = (release, banner.provenance)
    }
    let kernel = Self.captureKernel(system, running: runningRelease)
    captureKernel = kernel
    var changes = kernel.value.map { KernelChanges(release: $0, line: kernel.lines.first) } ?? .unknown
    // The running kernel's own log proves changes of the same build.
    if let graph, kernel.value == nil || kernel.value == runningRelease?.0 {
      changes = changes.preferring(graph.changes)
    }
    self.changes = changes
    mode = KexecMode.of(system)
    video = Self.video(system, running)
    let pci = Self.hvPci(system, running, capture)
    hvPci = pci
    dumpOnNVMe = Self.dumpTarget(system, hvPci: pci)
    observed = capture.pairs.contains { $0.kdumpProven && capture.graphs[$0.kdump].boot != nil }
  }

  /// Where the dump goes: a network target (`SSH`, `NFS`, `FTP` in kdump-tools; `ssh`, `nfs` in
  /// kdump.conf) is not a local disk; otherwise the dump path (`KDUMP_COREDIR`, kdump.conf
  /// `path`, default /var/crash) and the mount that holds it.
  private static func dumpTarget(_ s: RunningSystem, hvPci: Fact<String?>?) -> Fact<Bool>? {
    for name in ["SSH", "NFS", "FTP"] {
      if let network = s.kdumpSettings[name], !network.value.isEmpty {
        return Fact(
          value: false, seen: true, why: "the dump goes over the network (\(name)=\(network.value))",
          lines: [network.line])
      }
    }
    for name in ["ssh", "nfs"] {
      if let network = s.kdumpConf[name] {
        return Fact(
          value: false, seen: true, why: "the dump goes over the network (\(name) \(network.value))",
          lines: [network.line])
      }
    }
    // SUSE: KDUMP_SAVEDIR="file:///var/crash", or ssh:// nfs:// ftp:// sftp:// cifs:// for a network target.
    if let saveDir = s.kdumpSettings["KDUMP_SAVEDIR"], let scheme = saveDir.value.firstRange(of: "://"),
      saveDir.value[..<scheme.lowerBound] != "file"
    {
      return Fact(
        value: false, seen: true, why: "the dump goes over the network (KDUMP_SAVEDIR=\(saveDir.value))",
        lines: [saveDir.line])
    }
    let suse = s.kdumpSettings["KDUMP_SAVEDIR"].map { setting -> (String, [Provenance]) in
      let path = setting.value.hasPrefix("file://") ? String(setting.value.dropFirst(7)) : setting.value
      return (path.isEmpty ? "/var/crash" : path, [setting.line])
    }
    let configured =
      s.kdumpSettings["KDUMP_COREDIR"].map { ($0.value, [$0.line]) }
      ?? s.kdumpConf["path"].map { ($0.value, [$0.line]) } ?? suse
    let path = configured?.0 ?? "/var/crash"
    guard let mount = s.mount(holding: path) else { return nil }
    let nvme = mount.source.contains("nvme")
    // An NVMe controller outside PCI domain 0000 is a passthrough device: behind hv_pci.
    let passthrough = s.pciFunctions.first {
      $0.classCode.hasPrefix("0x0108") && $0.address.map { !$0.hasPrefix("0000:") } ?? false
    }
    let behind = nvme && (hvPci != nil || passthrough != nil)
    return Fact(
      value: behind, seen: hvPci?.seen ?? (passthrough != nil),
      why:
        "the dump path \(path)\(configured == nil ? " (the default)" : "") is on \(mount.source), mounted at \(mount.target)\(nvme ? (behind ? ", an NVMe disk behind hv_pci" : ", an NVMe disk") : "")",
      lines: (configured?.1 ?? []) + [mount.line] + (passthrough.map { [$0.line] } ?? []))
  }

  /// The kdump kernel `kdump-config show` or the kexec command names (`…/vmlinuz-<release>`),
  /// else the running kernel: kdump-tools and kdumpctl load the installed kernel by default.
  private static func captureKernel(_ s: RunningSystem, running: (String, Provenance)?) -> Fact<String?> {
    var named: (String, Provenance)?
    if let link = s.kdumpSettings["kdump kernel"], let release = releaseIn(link.value) {
      named = (release, link.line)
    } else if let command = s.kexecCommand, let path = command.value.split(separator: " ").last,
      let release = releaseIn(String(path))
    {
      named = (release, command.line)
    } else if let version = s.kdumpSettings["KDUMP_KERNELVER"], !version.value.isEmpty {
      named = (version.value, version.line)
    }
    guard let (release, line) = named else {
      return Fact(
        value: running?.0, seen: false,
        why: running.map {
          "the capture kernel is taken to be the running kernel \($0.0) (kdump-tools and kdumpctl load the installed kernel unless told otherwise)"
        }
          ?? "the capture kernel's version is not in the capture",
        lines: running.map { [$0.1] } ?? [])
    }
    guard let running else {
      return Fact(value: release, seen: true, why: "the capture kernel is \(release)", lines: [line])
    }
    return release == running.0
      ? Fact(
        value: release, seen: true, why: "the capture kernel is the running kernel's build, \(release)",
        lines: [line, running.1])
      : Fact(
        value: release, seen: true,
        why:
          "the capture kernel is \(release), not the running \(running.0): facts about the running kernel do not carry over to it",
        lines: [line, running.1])
  }

  /// `vmlinuz-5.15.0-1102-azure` in a path → `5.15.0-1102-azure`.
  static func releaseIn(_ text: String) -> String? {
    guard let range = text.firstRange(of: "vmlinuz-") ?? text.firstRange(of: "vmlinux-") else { return nil }
    let tail = text[range.upperBound...].prefix { $0 != " " && $0 != "\"" }
    return tail.isEmpty ? nil : String(tail)
  }

  private static func video(_ s: RunningSystem, _ g: BootGraph?) -> Fact<(driver: String, build: String?)>? {
    for (driver, option) in [("hyperv_drm", "CONFIG_DRM_HYPERV"), ("hyperv_fb", "CONFIG_FB_HYPERV")] {
      let build = s.build(option)
      if let line = s.loaded(driver) {
        return Fact(
          value: (driver, "m"), seen: true, why: "lsmod lists \(driver): a module",
          lines: [line] + (build.map { [$0.line] } ?? []))
      }
      if let registered = g?.registrations.first(where: { $0.driver == driver }) {
        let how = build?.value ?? registered.builtIn.map { $0 ? "y" : "m" }
        return Fact(
          value: (driver, how), seen: true, why: "the running kernel registers \(driver)",
          lines: [registered.provenance] + (build.map { [$0.line] } ?? []))
      }
    }
    if let drm = s.build("CONFIG_DRM_HYPERV"), drm.value == "y" || drm.value == "m" {
      return Fact(
        value: ("hyperv_drm", drm.value), seen: false,
        why: "the kernel config builds hyperv_drm (\(drm.value)); no line shows it bound", lines: [drm.line])
    }
    return nil
  }

  private static func hvPci(_ s: RunningSystem, _ g: BootGraph?, _ capture: Capture) -> Fact<String?>? {
    let build = s.build("CONFIG_PCI_HYPERV")
    if let line = s.loaded("pci_hyperv") {
      return Fact(
        value: build?.value ?? "m", seen: true,
        why: "lsmod lists pci_hyperv, which udev loads only for a passthrough device", lines: [line])
    }
    if let line = s.vmbusClasses[RunningSystem.passthroughClass] {
      return Fact(
        value: build?.value, seen: true, why: "/sys/bus/vmbus/devices holds a PCI passthrough device",
        lines: [line] + (build.map { [$0.line] } ?? []))
    }
    let graphs = (capture.earlier?.deviceGraph.map { [$0] } ?? []) + capture.graphs
    let devices = graphs.filter { $0.role != .kdump }.flatMap(\.hvPciGUIDs)
    if let guid = devices.first, let graph = graphs.first(where: { $0.hvPciGUIDs.contains(guid) }) {
      let line =
        graph.events.first { PCIDomain.hvPciDevice($0.kind) == guid }?.provenance
        ?? graph.claims.first { $0.owner.guid == guid }?.provenance.first
      let how = build?.value ?? graph.hvPciDriver?.builtIn.map { $0 ? "y" : "m" }
      return Fact(
        value: how, seen: true, why: "the running kernel has hv_pci device \(guid)",
        lines: (line.map { [$0] } ?? []) + (build.map { [$0.line] } ?? []))
    }
    return nil
  }

  /// Whether the capture kernel's initramfs lacks a module for certain: a complete listing
  /// without it, for a driver that is a module (a built-in one never appears there).
  func missingFromInitramfs(_ module: String, build: String?) -> Provenance? {
    guard build == "m", let listing = system.initramfsListing, listing.value,
      system.inInitramfs(module) == nil
    else { return nil }
    return listing.line
  }
}

extension Finding.Message {
  /// `Predicted before a crash: … It rests on: …` — or a cross-check, when the kdump kernel's own
  /// log is there to decide.
  fileprivate static func prediction(_ verdict: Finding.Message, facts: [String], observed: Bool)
    -> Finding.Message
  {
    let lead = observed ? "Cross-check (the kdump kernel's own log decides): " : "Predicted before a crash: "
    return Finding.Message(lead + verdict.text + " It rests on: " + facts.joined(separator: "; ") + ".")
  }
}
