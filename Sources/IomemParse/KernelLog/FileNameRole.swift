/// The kernel a capture file's name says it holds: the kdump service names its files for what
/// they are, and support bundles name a kdump kernel's dump so.
public enum FileNameRole {
  /// The role and the reason, for people, or `nil` when the name says nothing.
  ///
  /// - `kexec-dmesg.log*`: the kdump kernel's own log (RHEL kdump, saved beside the vmcore);
  /// - `vmcore-dmesg.txt*`: the crashed first kernel's log recovered from the dump (makedumpfile
  ///   / vmcore-dmesg on RHEL, Fedora, SUSE);
  /// - `dmesg.<timestamp>`: the crashed first kernel's log that Debian/Ubuntu kdump-tools
  ///   writes as `/var/crash/<timestamp>/dmesg.<timestamp>`;
  /// - a /proc/iomem file named for the kdump kernel (`iomem-kdump.txt`, `kdump-iomem`) — only
  ///   when `dump` is set, so a log named `kdump.log` is not taken for one.
  public static func role(ofPath path: String, dump: Bool = false) -> (role: BootRole, reason: String)? {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if name.hasPrefix("kexec-dmesg") {
      return (.kdump, "the file is a kexec-dmesg.log, the kdump kernel's own log")
    }
    if name.hasPrefix("vmcore-dmesg") {
      return (.first, "the file is a vmcore-dmesg.txt, the crashed kernel's log recovered from the dump")
    }
    if name.hasPrefix("dmesg."), name.utf8.count >= 14,
      name.utf8.dropFirst(6).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    {
      return (.first, "the file is kdump-tools' dmesg.<timestamp>, the crashed kernel's log from the dump")
    }
    if dump, name.lowercased().contains("kdump") {
      return (.kdump, "the file's name (\(name)) says it was taken in the kdump kernel")
    }
    return nil
  }
}
