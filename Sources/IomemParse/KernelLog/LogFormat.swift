/// The shape a kernel-log line came in; detected per line, since one paste may mix them.
public enum LogFormat: String, Sendable, CaseIterable {
  /// `[    1.234567] msg` (also with collapsed spaces, `[ 11.492075] msg`).
  case dmesg
  /// `<6>[    1.234567] msg` (`dmesg -r`, raw syslog prefix).
  case dmesgRaw = "dmesg_raw"
  /// `kern  :info  : [    1.2] msg` (`dmesg -x`).
  case dmesgDecoded = "dmesg_decoded"
  /// `[Tue Nov 24 10:00:00 2026] msg` (`dmesg -T`).
  case dmesgWallClock = "dmesg_ctime"
  /// `{"pri":6,"time":1.234567,"caller":"T1","msg":"…"}` (`dmesg --json`).
  case dmesgJSON = "dmesg_json"
  /// `6,339,5140900,-;msg` (`/dev/kmsg`).
  case kmsg
  /// `Nov 24 10:00:00 host kernel: msg` (`journalctl -k`, syslog, kern.log).
  case journalShort = "journal_short"
  /// `[    1.234567] host kernel: msg` (`journalctl -o short-monotonic`).
  case journalMonotonic = "journal_monotonic"
  /// `2026-11-24T10:00:00.123+00:00 host kernel: msg` (`journalctl -o short-iso`, rsyslog).
  case journalISO = "journal_iso"
  /// One JSON object per line (`journalctl -o json`).
  case journalJSON = "journal_json"
  /// A line without any stamp or prefix (serial consoles, pastes).
  case bare
}

/// The prefix fields of one log line, and where its message starts.
public struct LogStamp: Sendable, Equatable {
  public var format: LogFormat
  /// Seconds since this kernel booted (printk time), when the line carries it.
  public var monotonic: Double?
  /// Wall-clock text as printed (`Nov 24 10:00:00`, `Tue Nov 24 10:00:00 2026`).
  public var wallClock: String?
  /// syslog priority (level + facility × 8) when printed.
  public var priority: Int?
  /// printk caller id (`T1`, `C3`).
  public var caller: String?
  /// journal `_BOOT_ID`.
  public var bootID: String?
  /// False for journal/syslog lines written by something other than the kernel.
  public var isKernel: Bool

  public init(format: LogFormat, isKernel: Bool = true) {
    self.format = format
    self.isKernel = isKernel
  }
}
