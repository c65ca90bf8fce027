internal import ByteInput

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

extension LogFormat {
  /// Position in `allCases`, for per-line counting without hashing.
  var ordinal: Int {
    switch self {
    case .dmesg: 0
    case .dmesgRaw: 1
    case .dmesgDecoded: 2
    case .dmesgWallClock: 3
    case .dmesgJSON: 4
    case .kmsg: 5
    case .journalShort: 6
    case .journalMonotonic: 7
    case .journalISO: 8
    case .journalJSON: 9
    case .bare: 10
    }
  }
}

/// The prefix fields of one log line. Plain values only, so the per-line path copies it without
/// reference counting; text fields (wall clock, caller id) are spans of the line the framer
/// handed on with it, read only for lines that become events.
public struct LogStamp: Sendable, Equatable {
  public var format: LogFormat
  /// Seconds since this kernel booted (printk time), when the line carries it.
  public var monotonic: Double?
  /// syslog priority (level + facility × 8) when printed.
  public var priority: Int?
  /// False for journal/syslog lines written by something other than the kernel.
  public var isKernel: Bool
  var wallClockStart = 0
  var wallClockCount = 0
  var callerStart = 0
  var callerCount = 0

  public init(format: LogFormat, isKernel: Bool = true) {
    self.format = format
    self.isKernel = isKernel
  }

  /// A stamp whose wall clock sits at `span` of the line.
  init(format: LogFormat, wallClock span: Range<Int>) {
    self.init(format: format)
    wallClockStart = span.lowerBound
    wallClockCount = span.count
  }

  /// Wall-clock text as printed (`Nov 24 10:00:00`), read from the line the stamp was framed in.
  func wallClock(in line: ByteView) -> String? {
    Self.text(in: line, wallClockStart, wallClockCount)
  }

  /// printk caller id (`T1`, `C3`).
  func caller(in line: ByteView) -> String? {
    Self.text(in: line, callerStart, callerCount)
  }

  private static func text(in line: ByteView, _ start: Int, _ count: Int) -> String? {
    guard count > 0 else { return nil }
    return String(decoding: line.extracting(start..<(start + count)), as: UTF8.self)
  }
}
