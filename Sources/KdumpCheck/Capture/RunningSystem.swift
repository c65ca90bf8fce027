import IomemParse

/// What a VM's command output and configuration files say about its running (first) kernel and
/// its kdump setup: each fact with the line that states it, the last statement of a fact
/// winning (a later paste corrects an earlier one).
public struct RunningSystem: Sendable {
  public typealias Seen<T> = (value: T, line: Provenance)

  public var release: Seen<String>?
  public var machine: Seen<String>?
  public var commandLine: Seen<KernelCommandLine>?
  public var crashLoaded: Seen<Bool>?
  public var crashSize: Seen<UInt64>?
  public var secureBoot: Seen<Bool>?
  public var virtualization: Seen<String>?
  /// `CONFIG_X` → `y`, `m`, another value, or `nil` for `is not set`.
  public var config: [String: Seen<String?>] = [:]
  /// lsmod's module names.
  public var loadedModules: [String: Provenance] = [:]
  /// Module files of the kdump initramfs listing, by name (`pci-hyperv`, `nvme`); listings of
  /// other images are not taken.
  public var initramfsModules: [String: Provenance] = [:]
  /// The listing itself, when one was read, and whether it is complete.
  public var initramfsListing: Seen<Bool>?
  /// kdump settings by name (`KDUMP_KEXEC_ARGS`, `KEXEC_ARGS`, `USE_KDUMP`, kdump-config show fields).
  public var kdumpSettings: [String: (value: String, file: String, line: Provenance)] = [:]
  public var kdumpConf: [String: Seen<String>] = [:]
  public var kdumpReady: Seen<Bool>?
  public var kexecCommand: Seen<String>?
  public var osRelease: [String: Seen<String>] = [:]
  public var kexecToolsVersion: Seen<String>?
  /// VMBus devices by class GUID.
  public var vmbusClasses: [String: Provenance] = [:]
  /// PCI functions' classes, with their addresses where known.
  public var pciFunctions: [(address: String?, classCode: String, line: Provenance)] = []
  /// Mounted file systems: target → source device.
  public var mounts: [String: Seen<String>] = [:]
  /// Whether no fact about the kernel or its kdump setup was read (an /etc/os-release alone
  /// says nothing a prediction can use).
  public private(set) var isEmpty = true

  public init(_ files: [CaptureFile]) {
    for file in files {
      for observed in file.shell.facts { take(observed.fact, observed.provenance) }
    }
  }

  private mutating func take(_ fact: SystemFact, _ p: Provenance) {
    if case .osRelease = fact {} else { isEmpty = false }
    switch fact {
    case .commandLine(let c): commandLine = (c, p)
    case .kexecCrashLoaded(let b): crashLoaded = (b, p)
    case .kexecLoaded: break  // a kexec reboot kernel: nothing a kdump prediction uses
    case .kexecCrashSize(let n): crashSize = (n, p)
    case .kernelRelease(let r): release = (r, p)
    case .machine(let m): machine = (m, p)
    case .virtualization(let v): virtualization = (v, p)
    case .secureBoot(let b): secureBoot = (b, p)
    case .kernelConfig(let option, let value): config[option] = (value, p)
    case .moduleLoaded(let m): loadedModules[m] = p
    // Only the kdump initramfs counts (kdump-tools' /var/lib/kdump/initrd.img-*, dracut's
    // initramfs-*kdump.img); a listing of the boot initramfs says nothing about the capture kernel.
    case .initramfsModule(let name, let image):
      if image?.contains("kdump") == true { initramfsModules[name] = p }
    case .initramfsListing(let image, let complete):
      if image?.contains("kdump") == true {
        initramfsListing = ((initramfsListing?.value ?? false) || complete, p)
      }
    case .kdumpSetting(let name, let value, let file): kdumpSettings[name] = (value, file, p)
    case .kdumpConfDirective(let name, let value): kdumpConf[name] = (value, p)
    case .kdumpReady(let b): kdumpReady = (b, p)
    case .kexecCommand(let c): kexecCommand = (c, p)
    case .osRelease(let name, let value): osRelease[name] = (value, p)
    case .kexecToolsVersion(let v): kexecToolsVersion = (v, p)
    case .vmbusDevice(_, let classID): vmbusClasses[classID] = vmbusClasses[classID] ?? p
    case .mount(let target, let source): mounts[target] = (source, p)
    case .pciFunction(let address, let classCode): pciFunctions.append((address, classCode, p))
    }
  }

  /// How a driver is built, from the kernel config: `y` built in, `m` a module, `nil` when the
  /// config is not in the capture; `is not set` reads as `n`.
  public func build(_ option: String) -> Seen<String>? {
    config[option].map { ($0.value ?? "n", $0.line) }
  }

  /// The VMBus class of PCI passthrough devices (hv_pci) and of the synthetic video device.
  public static let passthroughClass = "44c4f61d-4444-4400-9d52-802e27ede19f"
  public static let videoClass = "da0a7802-e377-4aac-8e77-0558eb1073f8"

  /// The file system a path lies on: the longest mounted target that holds it.
  public func mount(holding path: String) -> (target: String, source: String, line: Provenance)? {
    mounts.filter { path == $0.key || path.hasPrefix($0.key == "/" ? "/" : $0.key + "/") }
      .max { $0.key.count < $1.key.count }
      .map { ($0.key, $0.value.value, $0.value.line) }
  }

  /// Whether the running kernel has a module loaded (lsmod), under either spelling.
  public func loaded(_ module: String) -> Provenance? {
    loadedModules[module] ?? loadedModules[module.withUnderscores]
  }

  /// Whether the kdump initramfs listing holds a module file (`pci-hyperv`, `hyperv_drm`).
  public func inInitramfs(_ module: String) -> Provenance? {
    initramfsModules[module] ?? initramfsModules[module.withUnderscores]
      ?? initramfsModules[module.withDashes]
  }
}

extension String {
  fileprivate var withUnderscores: String { String(map { $0 == "-" ? "_" : $0 }) }
  fileprivate var withDashes: String { String(map { $0 == "_" ? "-" : $0 }) }
}
