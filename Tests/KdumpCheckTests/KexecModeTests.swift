import IomemParse
import KdumpCheck
import Testing

/// How the capture kernel is loaded, from what the running system shows.
@Suite struct KexecModeTests {
  static func mode(_ text: String, source: String = "paste.txt") -> KexecMode? {
    KexecMode.of(RunningSystem([CaptureFile.read(text: text, source: source)]))
  }

  @Test func theRecordedCommandDecidesFirst() throws {
    let file = try #require(
      Self.mode("/sbin/kexec -p -s --command-line=\"ro\" /boot/vmlinuz\n", source: "var/crash/kexec_cmd"))
    #expect(file.syscall == .kexecFileLoad && file.seen)
    let auto = try #require(
      Self.mode(
        "kexec command:\n  /sbin/kexec -p -a /boot/vmlinuz\nDUMP_MODE: kdump\n", source: "kdump-config_show"))
    #expect(auto.syscall == .fileLoadWithFallback)
  }

  @Test func configurationOfEachDistribution() throws {
    let ubuntu = try #require(Self.mode("KDUMP_KEXEC_ARGS=\"-s\"\n", source: "etc/default/kdump-tools"))
    #expect(ubuntu.syscall == .kexecFileLoad && ubuntu.reason.contains("/etc/default/kdump-tools"))
    let rhel = try #require(Self.mode("KEXEC_ARGS=\"-c\"\n", source: "etc/sysconfig/kdump"))
    #expect(rhel.syscall == .kexecLoad)
    let oldRHEL = try #require(Self.mode("KDUMP_FILE_LOAD=\"on\"\n", source: "etc/sysconfig/kdump"))
    #expect(oldRHEL.syscall == .kexecFileLoad)
    let suse = try #require(Self.mode("KEXEC_OPTIONS=\"-s\"\n", source: "etc/sysconfig/kdump"))
    #expect(suse.syscall == .kexecFileLoad)
    // A commented-out setting is not active.
    #expect(Self.mode("#KDUMP_KEXEC_ARGS=\"-s\"\n", source: "etc/default/kdump-tools") == nil)
  }

  @Test func defaultsAreAssumedNotSeen() throws {
    let secure = try #require(Self.mode("SecureBoot enabled\n"))
    #expect(secure.syscall == .kexecFileLoad && !secure.seen)
    let unknownTools = try #require(
      Self.mode(
        "kexec command:\n  /sbin/kexec -p /boot/vmlinuz\nDUMP_MODE: kdump\n", source: "kdump-config_show"))
    #expect(unknownTools.syscall == .kexecLoad && !unknownTools.seen)
    #expect(unknownTools.reason.contains("2.0.27"))
    let modern = try #require(
      KexecMode.of(
        RunningSystem([
          CaptureFile.read(
            text: "kexec command:\n  /sbin/kexec -p /boot/vmlinuz\nDUMP_MODE: kdump\n",
            source: "kdump-config_show"),
          CaptureFile.read(text: "kexec-tools 2.0.28\n", source: "kexec_version"),
        ])))
    #expect(modern.syscall == .fileLoadWithFallback && modern.seen)
  }
}
