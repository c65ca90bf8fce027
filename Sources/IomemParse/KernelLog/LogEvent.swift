/// A kernel-log line that matters to some rule, as a typed value with its provenance.
public struct LogEvent: Sendable {
  public var kind: EventKind
  public var provenance: Provenance
  /// 0-based boot index within the source.
  public var boot: Int
  /// printk seconds since boot, when the line carried a stamp.
  public var time: Double?
  /// Wall-clock text when the line carried one (`dmesg -T`, journal, syslog).
  public var wallClock: String?
  /// printk caller id (`T1`, `C3`) when printed.
  public var caller: String?

  public init(kind: EventKind, provenance: Provenance, boot: Int = 0, time: Double? = nil) {
    self.kind = kind
    self.provenance = provenance
    self.boot = boot
    self.time = time
  }
}

/// Which device a PCI BAR message is about, and what happened to the BAR.
public enum BarAction: String, Sendable {
  /// Found while probing (`reg 0x10: [mem …]` before 6.8, `BAR 0 [mem …]` since).
  case probed
  case assigned
  case noSpace = "no_space"
  case failedToAssign = "failed_to_assign"
  case cantClaim = "cant_claim"
  case conflict
  case cantReserve = "cant_reserve"
}

/// What `kernel_restart()`, `kernel_power_off()` or `kernel_halt()` printed (kernel/reboot.c).
public enum ShutdownAction: String, Sendable {
  case restart
  case powerOff = "power_off"
  case halt
}

/// The typed payload of each event kind. The `name` is the snake_case kind used on the
/// command line (`--kind`) and in NDJSON.
public enum EventKind: Sendable {
  case kernelVersion(release: String)
  case commandLine(KernelCommandLine)
  case hypervisorDetected(name: String)
  case hypervHostBuild(build: String)
  case hypervFeatures(privilegeLow: UInt64?, privilegeHigh: UInt64?, hints: UInt64?)
  case hypervIsolation(groupA: UInt64, groupB: UInt64)
  case memoryEncryption(text: String)
  case dmi(text: String)
  case efiBoot(text: String)
  case e820(range: AddressRange, type: String)
  case crashkernelReserved(range: AddressRange, low: Bool)
  case crashkernelFailed(text: String)
  case swiotlb(range: AddressRange)
  case efifbFramebuffer(base: UInt64, usingKiB: UInt64, totalKiB: UInt64)
  case efifbMode(width: Int, height: Int, depth: Int)
  /// A `simple-framebuffer` device (simplefb's `framebuffer at 0x…, 0x… bytes`, or simpledrm bound
  /// to `simple-framebuffer.0`): sysfb found a firmware framebuffer with a non-zero base. `base`
  /// and `bytes` only where the line states them (simplefb).
  case simpleFramebuffer(driver: String, base: UInt64?, bytes: UInt64?)
  case vmbusVersion(version: String)
  /// `afterInit`: true when registered after `Run /init` / `Freeing unused kernel image` (a
  /// module load), false when before it (built in), `nil` when the boot shows no init marker.
  case vmbusDriverRegistered(driver: String, afterInit: Bool?)
  /// `Run /init as init process` / `Freeing unused kernel image`: drivers that register after
  /// this were loaded as modules.
  case initStarted(text: String)
  case hvMmioWindows(low: ResourceSpec, high: ResourceSpec, framebuffer: ResourceSpec)
  case vmbusUnexpectedLowMmio(base: UInt64)
  case vmbusFramebufferBaseZero
  case vmbusProbeFailed(device: String, error: Int)
  case synthvidVersion(driver: String, version: String)
  case screenResolution(driver: String, width: Int, height: Int, depth: Int, framebufferBytes: UInt64?)
  case framebufferFailure(driver: String, text: String)
  /// hyperv_fb's `Unable to allocate enough contiguous physical memory on Gen 1 VM. Using MMIO
  /// instead.` (pr_info): VRAM stayed in MMIO; not a failure.
  case framebufferInMMIO(driver: String)
  /// Out-of-tree instrumentation (no upstream kernel prints it): `mmio_megabytes=128 MB`.
  case instrumentedMmioMegabytes(megabytes: UInt64)
  /// Out-of-tree instrumentation: `Gen1 VM: start=0xf8000000, size=0x4000000` from vmbus_reserve_fb().
  case instrumentedGen1Bar(range: AddressRange)
  case hvPciProtocol(device: String, version: String)
  case pciHostBridge(bus: String, parent: String?)
  case pciRootBusResource(bus: String, resource: ResourceSpec)
  case hvPciNeedMmio(device: String, bytes: UInt64, high: Bool)
  case hvPciD0Failed(device: String, status: String)
  case hvPciD0Retry(device: String)
  /// `Retrying D0 failed with ret %d`: hv_pci_bus_exit() could not release what the previous
  /// kernel held (not a second D0 attempt).
  case hvPciD0RetryFailed(device: String, error: Int)
  /// `PCI dom# 0x%hx has collision, using 0x%hx`: the domain asked for (from the GUID) was
  /// taken; `using` is the one the bus got. `device` when the line carries the hv_pci prefix.
  case hvPciDomainCollision(device: String?, requested: String, using: String)
  case hvPciFailure(device: String, text: String)
  case pciDevice(address: String, vendor: String, device: String, classCode: String)
  case pciBar(address: String, bar: String, resource: ResourceSpec, action: BarAction, detail: String?)
  case resourceSanityCheck(requested: AddressRange, owner: String, ownerResource: ResourceSpec)
  case kernelPanic(reason: String)
  case sysrqCrash
  case crashKernelStarting
  /// `Rebooting in N seconds..` after a panic: printed only when no capture kernel took over.
  case panicReboot(seconds: Int)
  /// `---[ end Kernel panic - not syncing: … ]---`: the panic halted, no capture kernel ran.
  case panicEnd
  /// `reboot: Restarting system`, `reboot: Power down`, `reboot: System halted`.
  case shutdown(action: ShutdownAction)
  /// `kexec_core: Starting new kernel`: a kexec reboot into a new first kernel (not kdump).
  case kexecReboot
  /// `Booting Linux on physical CPU 0x…` (arm64): printed just before the banner, same boot.
  case cpuBooting(text: String)

  public var name: String {
    switch self {
    case .kernelVersion: "kernel_version"
    case .commandLine: "command_line"
    case .hypervisorDetected: "hypervisor_detected"
    case .hypervHostBuild: "hyperv_host_build"
    case .hypervFeatures: "hyperv_features"
    case .hypervIsolation: "hyperv_isolation"
    case .memoryEncryption: "memory_encryption"
    case .dmi: "dmi"
    case .efiBoot: "efi_boot"
    case .e820: "e820_entry"
    case .crashkernelReserved: "crashkernel_reserved"
    case .crashkernelFailed: "crashkernel_failed"
    case .swiotlb: "swiotlb"
    case .efifbFramebuffer: "efifb_framebuffer"
    case .efifbMode: "efifb_mode"
    case .simpleFramebuffer: "simple_framebuffer"
    case .vmbusVersion: "vmbus_version"
    case .vmbusDriverRegistered: "vmbus_driver_registered"
    case .initStarted: "init_started"
    case .hvMmioWindows: "hv_mmio_windows"
    case .vmbusUnexpectedLowMmio: "vmbus_unexpected_low_mmio"
    case .vmbusFramebufferBaseZero: "vmbus_framebuffer_base_zero"
    case .vmbusProbeFailed: "vmbus_probe_failed"
    case .synthvidVersion: "synthvid_version"
    case .screenResolution: "screen_resolution"
    case .framebufferFailure: "framebuffer_failure"
    case .framebufferInMMIO: "framebuffer_in_mmio"
    case .instrumentedMmioMegabytes: "instrumented_mmio_megabytes"
    case .instrumentedGen1Bar: "instrumented_gen1_bar"
    case .hvPciProtocol: "hv_pci_protocol"
    case .pciHostBridge: "pci_host_bridge"
    case .pciRootBusResource: "pci_root_bus_resource"
    case .hvPciNeedMmio: "hv_pci_need_mmio"
    case .hvPciD0Failed: "hv_pci_d0_failed"
    case .hvPciD0Retry: "hv_pci_d0_retry"
    case .hvPciD0RetryFailed: "hv_pci_d0_retry_failed"
    case .hvPciDomainCollision: "hv_pci_domain_collision"
    case .hvPciFailure: "hv_pci_failure"
    case .pciDevice: "pci_device"
    case .pciBar(_, _, _, let action, _): action == .probed ? "pci_bar" : "pci_bar_\(action.rawValue)"
    case .resourceSanityCheck: "resource_sanity_check"
    case .kernelPanic: "kernel_panic"
    case .sysrqCrash: "sysrq_crash"
    case .crashKernelStarting: "crash_kernel_starting"
    case .panicReboot: "panic_reboot"
    case .panicEnd: "panic_end"
    case .shutdown: "shutdown"
    case .kexecReboot: "kexec_reboot"
    case .cpuBooting: "cpu_booting"
    }
  }

  /// Every kind name, for `--kind` validation and help.
  public static let allNames: [String] = [
    "kernel_version", "command_line", "hypervisor_detected", "hyperv_host_build", "hyperv_features",
    "hyperv_isolation", "memory_encryption", "dmi", "efi_boot", "e820_entry", "crashkernel_reserved",
    "crashkernel_failed", "swiotlb", "efifb_framebuffer", "efifb_mode", "simple_framebuffer", "vmbus_version",
    "vmbus_driver_registered", "init_started", "hv_mmio_windows", "vmbus_unexpected_low_mmio",
    "vmbus_framebuffer_base_zero", "vmbus_probe_failed", "synthvid_version", "screen_resolution",
    "framebuffer_failure", "framebuffer_in_mmio", "instrumented_mmio_megabytes", "instrumented_gen1_bar",
    "hv_pci_protocol",
    "pci_host_bridge", "pci_root_bus_resource", "hv_pci_need_mmio", "hv_pci_d0_failed",
    "hv_pci_d0_retry", "hv_pci_d0_retry_failed", "hv_pci_domain_collision", "hv_pci_failure", "pci_device",
    "pci_bar",
    "pci_bar_assigned", "pci_bar_no_space", "pci_bar_failed_to_assign", "pci_bar_cant_claim",
    "pci_bar_conflict", "pci_bar_cant_reserve", "resource_sanity_check", "kernel_panic",
    "sysrq_crash", "crash_kernel_starting", "panic_reboot", "panic_end", "shutdown", "kexec_reboot",
    "cpu_booting",
  ]
}
