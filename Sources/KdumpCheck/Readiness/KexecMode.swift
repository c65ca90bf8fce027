import IomemParse

/// How the capture kernel is (or will be) loaded: kexec_load passes a framebuffer base only for
/// "VESA VGA" / "EFI VGA" framebuffers (kexec-tools' setup_linux_vesafb()), so a hyperv_drm or
/// hyperv_fb VM's kdump kernel gets a zero base; kexec_file_load (`-s`) copies the running
/// kernel's screen_info on x86-64; `-a` (kexec-tools' default since 2.0.27) tries
/// kexec_file_load first and falls back to kexec_load.
public struct KexecMode: Sendable {
  public enum Syscall: String, Sendable {
    case kexecLoad = "kexec_load"
    case kexecFileLoad = "kexec_file_load"
    /// `-a`: kexec_file_load, falling back to kexec_load when it fails.
    case fileLoadWithFallback = "kexec_file_load, falling back to kexec_load"
  }

  public var syscall: Syscall
  /// True when lines state it (the kexec command with its flag, the configuration, or the
  /// recorded command and kexec-tools' version, whose default is then certain); false when it
  /// follows from a default alone (Secure Boot, an unknown kexec-tools).
  public var seen: Bool
  public var reason: String
  public var evidence: [Provenance]

  /// The mode the facts show, most direct first: the recorded kexec command, the configured
  /// arguments, Secure Boot (kdump-config and kdumpctl add `-s`), kexec-tools' default.
  public static func of(_ s: RunningSystem) -> KexecMode? {
    if let command = s.kexecCommand, let syscall = flag(command.value) {
      return KexecMode(
        syscall: syscall, seen: true, reason: "the kdump kernel was loaded with `\(syscall.flag)`",
        evidence: [command.line])
    }
    // KDUMP_KEXEC_ARGS: kdump-tools; KEXEC_ARGS: kdump-utils (RHEL/Fedora); KEXEC_OPTIONS: SUSE.
    for name in ["KDUMP_KEXEC_ARGS", "KEXEC_ARGS", "KEXEC_OPTIONS"] {
      if let setting = s.kdumpSettings[name], let syscall = flag(setting.value) {
        return KexecMode(
          syscall: syscall, seen: true, reason: "\(setting.file) sets \(name)=\"\(setting.value)\"",
          evidence: [setting.line])
      }
    }
    // Older RHEL/Fedora sysconfig: KDUMP_FILE_LOAD="on" / "off".
    if let setting = s.kdumpSettings["KDUMP_FILE_LOAD"], ["on", "off"].contains(setting.value) {
      return KexecMode(
        syscall: setting.value == "on" ? .kexecFileLoad : .kexecLoad, seen: true,
        reason: "\(setting.file) sets KDUMP_FILE_LOAD=\"\(setting.value)\"", evidence: [setting.line])
    }
    if let sb = s.secureBoot, sb.value {
      return KexecMode(
        syscall: .kexecFileLoad, seen: false,
        reason: "Secure Boot is enabled, and kdump-config and kdumpctl then load with `-s`",
        evidence: [sb.line])
    }
    if let command = s.kexecCommand {
      if let version = s.kexecToolsVersion {
        let modern = versionAtLeast(version.value, 2, 0, 27)
        return KexecMode(
          syscall: modern ? .fileLoadWithFallback : .kexecLoad, seen: true,
          reason:
            "the kexec command has no `-s`, `-c` or `-a`, and kexec-tools \(version.value) defaults to \(modern ? "`-a` (since 2.0.27)" : "kexec_load (before 2.0.27)")",
          evidence: [command.line, version.line])
      }
      return KexecMode(
        syscall: .kexecLoad, seen: false,
        reason:
          "the kexec command has no `-s`, `-c` or `-a`: kexec_load unless kexec-tools is 2.0.27 or later (its default then tries kexec_file_load first; `kexec --version` tells)",
        evidence: [command.line])
    }
    return nil
  }

  /// `-s` / `--kexec-file-syscall`, `-c` / `--kexec-syscall`, `-a` / `--kexec-syscall-auto`.
  static func flag(_ args: String) -> Syscall? {
    var found: Syscall?
    for word in args.split(separator: " ") {
      switch word {
      case "-s", "--kexec-file-syscall": found = .kexecFileLoad
      case "-c", "--kexec-syscall": found = .kexecLoad
      case "-a", "--kexec-syscall-auto": found = .fileLoadWithFallback
      default:
        // Combined short flags (`-ps`) as getopt reads them.
        if word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 2 {
          if word.contains("s") { found = .kexecFileLoad } else if word.contains("c") { found = .kexecLoad }
        }
      }
    }
    return found
  }

  static func versionAtLeast(_ text: String, _ a: Int, _ b: Int, _ c: Int) -> Bool {
    let parts = text.split { !$0.isNumber }.compactMap { Int($0) }
    guard parts.count >= 3 else { return false }
    return (parts[0], parts[1], parts[2]) >= (a, b, c)
  }
}

extension KexecMode.Syscall {
  var flag: String {
    switch self {
    case .kexecLoad: "-c (kexec_load)"
    case .kexecFileLoad: "-s (kexec_file_load)"
    case .fileLoadWithFallback: "-a (kexec_file_load, falling back to kexec_load)"
    }
  }
}
