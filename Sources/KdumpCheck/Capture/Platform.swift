import ByteInput
import IomemParse

/// What a VM runs on, from its captures: the hypervisor, the Hyper-V generation, whether it is
/// a confidential VM or WSL2, and the architecture, each with the lines that show it.
public struct Platform: Sendable {
  public enum Hypervisor: String, Sendable {
    case hyperV = "hyper-v"
    case kvm, vmware, xen
    case bareMetal = "bare_metal"
    case unknown
  }

  public enum Architecture: String, Sendable {
    case x86_64 = "x86-64"
    case arm64
    case unknown
  }

  public var hypervisor: Hypervisor = .unknown
  public var generation: VMGeneration = .unknown
  public var confidential = false
  public var wsl2 = false
  public var architecture: Architecture = .unknown
  /// The lines each fact rests on (at most a few per fact).
  public var evidence: [Provenance] = []
  /// The line of `evidence` the architecture rests on.
  private var architectureLine: Provenance?

  /// `Hyper-V Gen1, x86-64` / `KVM, x86-64` / `unknown platform`.
  public var summary: String {
    var parts: [String] = []
    switch hypervisor {
    case .hyperV:
      var name = wsl2 ? "WSL2 (Hyper-V)" : "Hyper-V"
      if generation != .unknown { name += " " + (generation == .gen1 ? "Gen1" : "Gen2") }
      if confidential { name += " confidential VM" }
      parts.append(name)
    case .kvm: parts.append("KVM")
    case .vmware: parts.append("VMware")
    case .xen: parts.append("Xen")
    case .bareMetal: parts.append("bare metal")
    case .unknown: parts.append("hypervisor unknown")
    }
    if architecture != .unknown { parts.append(architecture.rawValue) }
    return parts.joined(separator: ", ")
  }

  /// What rules read of the platform (their scope, the generation and architecture they
  /// predict for): a long log's segments must be checked with the VM's.
  struct RuleFacts: Sendable, Equatable {
    var hypervisor: Hypervisor
    var wsl2: Bool
    var generation: VMGeneration
    var architecture: Architecture

    var summary: String {
      var p = Platform()
      (p.hypervisor, p.wsl2, p.generation, p.architecture) = (hypervisor, wsl2, generation, architecture)
      return p.summary
    }
  }

  var ruleFacts: RuleFacts {
    RuleFacts(hypervisor: hypervisor, wsl2: wsl2, generation: generation, architecture: architecture)
  }

  /// This platform, read first, completed by `later`'s: what `detect` gives for both
  /// captures' graphs in that order (each fact from the first that shows it).
  func followed(by later: Platform) -> Platform {
    guard hypervisor != .unknown || architecture != .unknown || !evidence.isEmpty else { return later }
    var p = self
    if p.hypervisor == .unknown
      || (p.hypervisor == .bareMetal && ![.unknown, .bareMetal].contains(later.hypervisor))
    {
      p.hypervisor = later.hypervisor
    }
    if p.generation == .unknown { p.generation = later.generation }
    if p.architecture == .unknown { p.architecture = later.architecture }
    p.confidential = p.confidential || later.confidential
    p.wsl2 = p.wsl2 || later.wsl2
    for line in later.evidence
    where p.evidence.count < 8 && !p.evidence.contains(line)
      && (line != later.architectureLine || architecture == .unknown)
    {
      p.evidence.append(line)
    }
    return p
  }

  /// Reads the platform from every kernel's graph of one VM, and from what its command output
  /// says (`uname -m`, `systemd-detect-virt`, the release).
  static func detect(_ graphs: [BootGraph], _ system: RunningSystem) -> Platform {
    var p = Platform()
    func hypervisor(_ h: Hypervisor, _ line: Provenance?) {
      if p.hypervisor == .unknown || p.hypervisor == .bareMetal { p.hypervisor = h }
      if let line, p.hypervisor == h, p.evidence.count < 8, !p.evidence.contains(line) {
        p.evidence.append(line)
      }
    }
    func architecture(_ a: Architecture, _ line: Provenance?) {
      guard p.architecture == .unknown else { return }
      p.architecture = a
      p.architectureLine = line
      if let line { p.evidence.append(line) }
    }
    var sawBannerAndDMI = false
    for g in graphs {
      if g.generation != .unknown, p.generation == .unknown { p.generation = g.generation }
      if g.isConfidential { p.confidential = true }
      var banner = false
      var dmi = false
      for event in g.events {
        let line = event.provenance
        switch event.kind {
        case .kernelVersion(let release):
          banner = true
          if release.containsBytes("microsoft-standard") || release.containsBytes("WSL2") {
            p.wsl2 = true
            hypervisor(.hyperV, line)
          }
          if line.text.containsBytes("aarch64") || line.text.containsBytes("arm64") {
            architecture(.arm64, line)
          }
          if line.text.containsBytes("x86_64") || line.text.containsBytes("x86-64") {
            architecture(.x86_64, line)
          }
        case .cpuBooting: architecture(.arm64, line)
        case .e820: architecture(.x86_64, line)
        case .hypervisorDetected(let name):
          if name.containsBytes("Microsoft") || name.containsBytes("Hyper-V") {
            hypervisor(.hyperV, line)
          } else if name.containsBytes("KVM") {
            hypervisor(.kvm, line)
          } else if name.containsBytes("VMware") {
            hypervisor(.vmware, line)
          } else if name.containsBytes("Xen") {
            hypervisor(.xen, line)
          }
        case .dmi(let text):
          dmi = true
          if text.containsBytes("Microsoft Corporation Virtual Machine") {
            hypervisor(.hyperV, line)
          } else if text.containsBytes("QEMU") || text.containsBytes("KVM") {
            hypervisor(.kvm, line)
          } else if text.containsBytes("VMware") {
            hypervisor(.vmware, line)
          } else if text.containsBytes("Xen") {
            hypervisor(.xen, line)
          }
        case .hypervHostBuild, .hypervFeatures, .hypervIsolation, .vmbusVersion, .vmbusDriverRegistered,
          .hvMmioWindows, .hvPciProtocol, .hvPciD0Failed, .hvPciD0Retry, .hvPciNeedMmio, .synthvidVersion:
          hypervisor(.hyperV, line)
        default:
          break
        }
      }
      sawBannerAndDMI = sawBannerAndDMI || (banner && dmi)
      for claim in g.claims where claim.certainty == .seen && claim.owner.guid != nil {
        hypervisor(.hyperV, claim.provenance.first)
      }
      if let dump = g.iomem { readDump(dump, hypervisor, architecture) }
    }
    if let machine = system.machine {
      if machine.value == "aarch64" || machine.value == "arm64" { architecture(.arm64, machine.line) }
      if machine.value == "x86_64" { architecture(.x86_64, machine.line) }
    }
    if let virt = system.virtualization {
      switch virt.value {
      case "microsoft": hypervisor(.hyperV, virt.line)
      case "kvm", "qemu": hypervisor(.kvm, virt.line)
      case "vmware": hypervisor(.vmware, virt.line)
      case "xen": hypervisor(.xen, virt.line)
      default: break
      }
    }
    if let device = system.vmbusClasses.values.min(by: { $0.line < $1.line }) { hypervisor(.hyperV, device) }
    if let release = system.release, release.value.contains("microsoft-standard") {
      p.wsl2 = true
      hypervisor(.hyperV, release.line)
    }
    if p.hypervisor == .unknown, sawBannerAndDMI { p.hypervisor = .bareMetal }
    return p
  }

  /// Names a dump shows even when read without root: VMBus GUIDs (Hyper-V), virtio and bochs
  /// (QEMU/KVM), and the x86 legacy ranges.
  private static func readDump(
    _ dump: IomemDump, _ hypervisor: (Hypervisor, Provenance?) -> Void,
    _ architecture: (Architecture, Provenance?) -> Void
  ) {
    for root in dump.roots {
      root.walk { node, _ in
        switch node.kind {
        case .vmbusDevice: hypervisor(.hyperV, node.provenance)
        case .rom, .localAPIC, .ioapic: architecture(.x86_64, node.provenance)
        default:
          if node.name.hasPrefix("virtio-pci") || node.name == "bochs-drm" || node.name.hasPrefix("QEMU") {
            hypervisor(.kvm, node.provenance)
          } else if node.name.hasPrefix("vmwgfx") || node.name.hasPrefix("VMware") {
            hypervisor(.vmware, node.provenance)
          } else if node.name.hasPrefix("hyperv_") || node.name.hasPrefix("MSFT0101") {
            hypervisor(.hyperV, node.provenance)
          }
        }
      }
    }
  }
}
