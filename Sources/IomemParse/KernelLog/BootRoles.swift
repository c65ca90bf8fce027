/// Gives each boot of one input its role, with the lines it rests on:
/// `kdump` when the command line holds `elfcorehdr=` (kexec adds it) or the input is a
/// `kexec-dmesg.log`; `first` when a kdump boot follows it in the same input, when the input is a
/// `vmcore-dmesg.txt` (or kdump-tools' `dmesg.<timestamp>`), when its command line has
/// `crashkernel=` and no `elfcorehdr=`, or when the boot before it ended in a reboot, a kexec
/// reboot or a panic that no capture kernel took over; otherwise `unknown`, saying why.
enum BootRoles {
  /// The role `assign` gives `boot` whatever boots follow it, once its command line decides it:
  /// `elfcorehdr=` (kdump), an input named for its role, or `crashkernel=` (first). `nil` while
  /// a later command line or a kdump boot after it could still change it.
  static func settledRole(of boot: KernelBoot, inputRole: BootRole?) -> BootRole? {
    guard let cmdline = boot.commandLine else { return nil }
    if cmdline.elfcorehdr != nil { return .kdump }
    if let inputRole { return inputRole }
    return cmdline.crashkernel != nil ? .first : nil
  }

  static func assign(
    _ boots: inout [KernelBoot], inputRole: (role: BootRole, reason: String)?, source: String
  ) {
    for i in boots.indices {
      var boot = boots[i]
      boot.settleRegistrations()
      let cmdline = boot.commandLine
      if let elf = cmdline?.elfcorehdr {
        boot.role = .kdump
        boot.roleReason = "its command line has elfcorehdr=\(elf), which kexec adds for the capture kernel"
        boot.roleEvidence = boot.commandLineProvenance.map { [$0] } ?? []
      } else if let inputRole {
        boot.role = inputRole.role
        boot.roleReason = inputRole.reason
        boot.roleEvidence = []
      } else if let ck = cmdline?.crashkernel {
        boot.role = .first
        boot.roleReason = "its command line reserves crashkernel=\(ck) and has no elfcorehdr="
        boot.roleEvidence = boot.commandLineProvenance.map { [$0] } ?? []
      } else if let previous = boot.previousEnding, previous.ending.nextIsFirstKernel {
        boot.role = .first
        boot.roleReason =
          "boot \(previous.boot) before it ended in \(previous.ending.phrase), so this is a new first kernel"
        boot.roleEvidence = previous.evidence
      } else if cmdline == nil {
        boot.roleReason =
          "no `Command line:` in its lines, so neither elfcorehdr= (kdump) nor crashkernel= (first) can be checked"
      } else {
        boot.roleReason = "its command line has neither elfcorehdr= nor crashkernel="
        boot.roleEvidence = boot.commandLineProvenance.map { [$0] } ?? []
      }
      boots[i] = boot
    }
    for i in boots.indices.dropLast() where boots[i + 1].role == .kdump && boots[i].role != .kdump {
      if boots[i].role == .unknown || boots[i].role == .first {
        let next = boots[i + 1]
        boots[i].role = .first
        boots[i].roleReason = "boot \(next.index) after it in the same input is a kdump kernel"
        boots[i].roleEvidence =
          (boots[i].commandLineProvenance.map { [$0] } ?? [])
          + (next.commandLineProvenance.map { [$0] } ?? [])
        boots[i].roleEvidence += boots[i].crashTrail.map(\.provenance)
      }
    }
  }
}
