/// Which command's output, or which file, a stretch of an input is: from a prompt line
/// (`$ kdump-config show`, `[root@vm ~]# cat /proc/cmdline`), from the file's own name in a
/// bundle or sosreport (`proc/cmdline`, `sos_commands/kdump/kdump-config_show`), or from a
/// line whose shape names it (`DUMP_MODE:`, `CONFIG_…=`).
public enum ShellSource: String, Sendable {
  case procCmdline = "/proc/cmdline"
  case kexecCrashLoaded = "/sys/kernel/kexec_crash_loaded"
  case kexecCrashSize = "/sys/kernel/kexec_crash_size"
  case kexecLoaded = "/sys/kernel/kexec_loaded"
  case uname
  case detectVirt = "systemd-detect-virt"
  case mokutil = "mokutil --sb-state"
  case kernelConfig = "kernel config"
  case lsmod
  case initramfsListing = "initramfs listing"
  case kdumpConfigShow = "kdump-config show"
  case kdumpctlStatus = "kdumpctl status"
  case kdumpctlEstimate = "kdumpctl estimate"
  case vmbusDevices = "/sys/bus/vmbus/devices"
  case pciDevices = "/sys/bus/pci/devices"
  case lsblk
  case findmnt
  case kdumpToolsDefaults = "/etc/default/kdump-tools"
  case sysconfigKdump = "/etc/sysconfig/kdump"
  case kdumpConf = "/etc/kdump.conf"
  case osRelease = "/etc/os-release"
  case kexecVersion = "kexec --version"
  case kexecCmd = "kexec command"

  /// The source a path names: a file copied into a bundle (`…/proc/cmdline`) or a sosreport's
  /// command output (`sos_commands/kdump/kdump-config_show`).
  public static func from(path: String) -> ShellSource? {
    let parts = path.split(separator: "/").map(String.init)
    guard let name = parts.last else { return nil }
    let parent = parts.count >= 2 ? parts[parts.count - 2] : ""
    switch name {
    case "cmdline" where parent == "proc" || parts.count == 1: return .procCmdline
    case "kexec_crash_loaded": return .kexecCrashLoaded
    case "kexec_crash_size": return .kexecCrashSize
    case "kexec_loaded": return .kexecLoaded
    case "kdump-tools" where parent == "default": return .kdumpToolsDefaults
    case "kdump" where parent == "sysconfig": return .sysconfigKdump
    case "kdump.conf": return .kdumpConf
    case "os-release": return .osRelease
    case "lsmod": return .lsmod
    case "kexec_cmd": return .kexecCmd
    case "systemd-detect-virt": return .detectVirt
    case "kexec_version": return .kexecVersion
    case "vmbus-devices": return .vmbusDevices
    case "pci-devices": return .pciDevices
    default: break
    }
    if name == "uname" || name.hasPrefix("uname_") { return .uname }
    if name.hasPrefix("config-") || name == "config" && parent == "boot" { return .kernelConfig }
    if name.hasPrefix("lsinitrd") || name.hasPrefix("lsinitramfs") { return .initramfsListing }
    if name.hasPrefix("kdump-config_show") { return .kdumpConfigShow }
    if name.hasPrefix("kdumpctl_status") { return .kdumpctlStatus }
    if name.hasPrefix("kdumpctl_estimate") { return .kdumpctlEstimate }
    if name == "lsblk" || name.hasPrefix("lsblk_") { return .lsblk }
    if name == "findmnt" || name.hasPrefix("findmnt_") { return .findmnt }
    if name.hasPrefix("mokutil_--sb-state") { return .mokutil }
    return nil
  }

  /// The source a prompt's command names (after `sudo`), and whether its output is filtered by
  /// a pipe; `nil` for a command this reader does not read (its output is left to the others).
  public static func from(command: String) -> (ShellSource, filtered: Bool)? {
    var words = command.split(separator: " ").map(String.init)
    if words.first == "sudo" { words.removeFirst() }
    guard let verb = words.first else { return nil }
    let filtered = command.contains("|")
    let args = words.dropFirst().filter { !$0.hasPrefix("-") }
    switch verb {
    case "uname": return (.uname, filtered)
    case "systemd-detect-virt": return (.detectVirt, filtered)
    case "mokutil" where words.contains("--sb-state"): return (.mokutil, filtered)
    case "lsmod": return (.lsmod, filtered)
    case "lsinitrd", "lsinitramfs": return (.initramfsListing, filtered)
    case "kdump-config" where words.contains("show"): return (.kdumpConfigShow, filtered)
    case "kdumpctl" where words.contains("status"): return (.kdumpctlStatus, filtered)
    case "kdumpctl" where words.contains("estimate"): return (.kdumpctlEstimate, filtered)
    case "lsblk": return (.lsblk, filtered)
    case "findmnt": return (.findmnt, filtered)
    case "kexec" where words.contains("--version"): return (.kexecVersion, filtered)
    case "cat", "grep", "egrep", "zgrep", "zcat", "head", "tail", "less", "more":
      guard let path = args.last else { return nil }
      if path == "/proc/config.gz" || path.hasPrefix("/boot/config") { return (.kernelConfig, true) }
      if path.contains("/bus/vmbus/devices/") { return (.vmbusDevices, filtered) }
      if path.contains("/bus/pci/devices/") { return (.pciDevices, filtered) }
      return from(path: path).map { ($0, filtered || verb.hasSuffix("grep")) }
    default: return nil
    }
  }
}
