/// A fact a command's output or a configuration file states about the running (first) kernel
/// and its kdump setup, as a typed value. What each means for kdump is decided in KdumpCheck.
public enum SystemFact: Sendable, Equatable {
  /// `/proc/cmdline`.
  case commandLine(KernelCommandLine)
  /// `/sys/kernel/kexec_crash_loaded`: a capture kernel is loaded.
  case kexecCrashLoaded(Bool)
  /// `/sys/kernel/kexec_loaded`: a kexec (reboot) kernel is loaded.
  case kexecLoaded(Bool)
  /// `/sys/kernel/kexec_crash_size`: bytes reserved for the capture kernel.
  case kexecCrashSize(UInt64)
  /// `uname -r`, or the release field of `uname -a`.
  case kernelRelease(String)
  /// `uname -m`, or the machine field of `uname -a` (`x86_64`, `aarch64`).
  case machine(String)
  /// `systemd-detect-virt` (`microsoft`, `kvm`, `none`).
  case virtualization(String)
  /// `mokutil --sb-state`.
  case secureBoot(Bool)
  /// A kernel config line: `CONFIG_X=y` / `=m` / `="…"`, or `# CONFIG_X is not set` (`nil`).
  case kernelConfig(option: String, value: String?)
  /// A module `lsmod` lists as loaded (its name as lsmod prints it).
  case moduleLoaded(String)
  /// A kernel module file an initramfs listing holds (`pci-hyperv`, from
  /// `…/pci-hyperv.ko.zst`), with the image the listing names, else where the listing came
  /// from (its command or file), so the kdump initramfs can be told from the boot one.
  case initramfsModule(name: String, image: String?)
  /// An initramfs listing was read; `complete` when it is the whole listing (not filtered by a
  /// pipe), so a module it does not hold is missing from the image.
  case initramfsListing(image: String?, complete: Bool)
  /// A kdump setting: an assignment in /etc/default/kdump-tools or /etc/sysconfig/kdump
  /// (`KDUMP_KEXEC_ARGS`, `KEXEC_ARGS`, `USE_KDUMP`…), or a `kdump-config show` field; `file`
  /// says which.
  case kdumpSetting(name: String, value: String, file: String)
  /// A directive of /etc/kdump.conf (`path /var/crash`, `nfs host:/dir`, `ext4 UUID=…`).
  case kdumpConfDirective(name: String, value: String)
  /// `kdump-config show`'s `current state:` or `kdumpctl status`: whether kdump is loaded.
  case kdumpReady(Bool)
  /// The command that loads (or loaded) the capture kernel (`/sbin/kexec -p -s …`).
  case kexecCommand(String)
  /// An /etc/os-release field.
  case osRelease(name: String, value: String)
  /// `kexec --version` (`kexec-tools 2.0.27`).
  case kexecToolsVersion(String)
  /// A VMBus device's class GUID (`/sys/bus/vmbus/devices/*/class_id`), with its instance when
  /// the line names it: which synthetic devices exist (video, PCI passthrough).
  case vmbusDevice(instance: String?, classID: String)
  /// A PCI function's class (`/sys/bus/pci/devices/*/class`), with its address when the line
  /// names it: an NVMe controller (0x0108xx) outside domain 0000 is behind hv_pci.
  case pciFunction(address: String?, classCode: String)
  /// A mounted file system (`findmnt`, `lsblk`): where, and from which device.
  case mount(target: String, source: String)
}

/// A fact with the line that states it.
public struct ObservedFact: Sendable {
  public var fact: SystemFact
  public var provenance: Provenance
}

/// One command's output or one file's content recognised in an input, for INPUTS.
public struct ShellSection: Sendable {
  public var kind: ShellSource
  /// The prompt line's command, or the file the section was recognised by.
  public var origin: String
  public var source: String
  public var firstLine: Int
  public var lastLine: Int
  /// Lines inside the section that the reader did not understand (counted, never fatal).
  public var unrecognized = 0
}

/// What one input's shell output holds.
public struct ShellOutput: Sendable {
  public var facts: [ObservedFact] = []
  public var sections: [ShellSection] = []

  public init() {}
}
