@_spi(UnsafeBytes) public import ByteInput

/// Byte-level recognisers for the log-line prefixes other than printk's stamp (`PrintkFrame`):
/// syslog priority, `dmesg -T` and `dmesg -x` prefixes, kmsg headers, journal and syslog dates,
/// journal separators — with `PrintkFrame`, every framing decision the log reader's
/// `LineFramer` takes. Each takes the line (and a start index) and returns what it read and the
/// index after it, or `nil` without consuming anything; each reads only within `b`.
public enum LinePrefix {
  /// `<6>` → 6.
  public static func syslogPriority(_ b: ByteView, _ start: Int) -> (Int, Int)? {
    guard start < b.count, b[start] == UInt8(ascii: "<") else { return nil }
    var i = start + 1
    var value = 0
    while i < b.count, ByteLanes.isDigit(b[i]), i - start <= 4 {
      value = value * 10 + Int(b[i] - 0x30)
      i += 1
    }
    guard i > start + 1, i < b.count, b[i] == UInt8(ascii: ">") else { return nil }
    return (value, i + 1)
  }

  /// `[Tue Nov 24 10:00:00 2026]` (`dmesg -T`).
  public static func ctimeStamp(_ b: ByteView, _ start: Int) -> (Range<Int>, Int)? {
    let n = b.count
    guard start + 25 <= n, b[start] == UInt8(ascii: "["), ByteLanes.isUpper(b[start + 1]),
      ByteLanes.isLower(b[start + 2]),
      b[start + 4] == 0x20, ByteLanes.isUpper(b[start + 5])
    else { return nil }
    var i = start + 1
    while i < n, i - start < 34, b[i] != UInt8(ascii: "]") { i += 1 }
    guard i < n, b[i] == UInt8(ascii: "]") else { return nil }
    guard b.extracting((start + 1)..<i).contains(UInt8(ascii: ":")) else { return nil }
    return ((start + 1)..<i, i + 1)
  }

  /// `6,339,5140900,-;msg` → the level/facility, the stamp in microseconds, and where the
  /// message starts (the sequence number is read and dropped).
  public static func kmsgHeader(_ b: ByteView) -> (
    priority: Int, microseconds: UInt64, after: Int
  )? {
    let n = b.count
    var fields: [UInt64] = []
    var i = 0
    for _ in 0..<3 {
      var value: UInt64 = 0
      let s = i
      while i < n, ByteLanes.isDigit(b[i]), i - s < 20 {
        value = value &* 10 &+ UInt64(b[i] - 0x30)
        i += 1
      }
      guard i > s, i < n, b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: ";") else { return nil }
      fields.append(value)
      if b[i] == UInt8(ascii: ";") { break }
      i += 1
    }
    guard fields.count == 3 else { return nil }
    while i < n, b[i] != UInt8(ascii: ";"), b[i] != 0x20 { i += 1 }
    guard i < n, b[i] == UInt8(ascii: ";") else { return nil }
    return (Int(clamping: fields[0]), fields[2], i + 1)
  }

  /// `2026-11-24T10:00:00.123456+00:00 ` (short-iso, rsyslog).
  public static func isoStamp(_ b: ByteView) -> (Range<Int>, Int)? {
    guard b.count > 20, ByteLanes.isDigit(b[0]), ByteLanes.isDigit(b[3]), b[4] == UInt8(ascii: "-"),
      b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T") || b[10] == 0x20, b[13] == UInt8(ascii: ":")
    else { return nil }
    var i = 11
    while i < b.count, b[i] != 0x20 { i += 1 }
    guard i < b.count else { return nil }
    return (0..<i, i + 1)
  }

  /// `Nov 24 10:00:00 ` (syslog / journal short).
  public static func syslogDate(_ b: ByteView) -> (Range<Int>, Int)? {
    guard b.count > 16, ByteLanes.isUpper(b[0]), ByteLanes.isLower(b[1]), ByteLanes.isLower(b[2]),
      b[3] == 0x20,
      b[4] == 0x20 || ByteLanes.isDigit(b[4]), ByteLanes.isDigit(b[5]), b[6] == 0x20, ByteLanes.isDigit(b[7]),
      ByteLanes.isDigit(b[8]),
      b[9] == UInt8(ascii: ":"), b[12] == UInt8(ascii: ":")
    else { return nil }
    var i = 13
    while i < b.count, b[i] != 0x20 { i += 1 }
    guard i < b.count else { return nil }
    return (0..<i, i + 1)
  }

  /// `-- Boot 1a2b… --` → id; `-- Reboot --` → "". Other `-- … --` lines → nil.
  public static func journalSeparator(_ b: ByteView) -> String? {
    guard b.count >= 12, b[0] == UInt8(ascii: "-"), b[1] == UInt8(ascii: "-"), b[2] == 0x20 else {
      return nil
    }
    let text = String(decoding: b, as: UTF8.self)
    if text.hasPrefix("-- Reboot --") { return "" }
    if text.hasPrefix("-- Boot "), text.hasSuffix(" --") {
      return String(text.dropFirst(8).dropLast(3))
    }
    return nil
  }

  private static let facilities: [String] = [
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
    "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
  ]
  private static let levels: [String] = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"]

  /// `kern  :info  : ` (`dmesg -x`) → facility × 8 + level, whether the facility is the kernel's,
  /// and where the message starts.
  public static func decodedPrefix(_ b: ByteView) -> (
    priority: Int, isKernel: Bool, after: Int
  )? {
    let n = b.count
    var i = 0
    while i < n, ByteLanes.isLower(b[i]) || ByteLanes.isDigit(b[i]) { i += 1 }
    guard
      let facility = facilities.firstIndex(
        of: String(decoding: b.extracting(0..<i), as: UTF8.self))
    else { return nil }
    while i < n, b[i] == 0x20 { i += 1 }
    guard i < n, b[i] == UInt8(ascii: ":") else { return nil }
    i += 1
    let levelStart = i
    while i < n, ByteLanes.isLower(b[i]) { i += 1 }
    guard
      let level = levels.firstIndex(
        of: String(decoding: b.extracting(levelStart..<i), as: UTF8.self))
    else { return nil }
    while i < n, b[i] == 0x20 { i += 1 }
    guard i < n, b[i] == UInt8(ascii: ":") else { return nil }
    i += 1
    if i < n, b[i] == 0x20 { i += 1 }
    return (facility * 8 + level, facility == 0, i)
  }

  /// ` SUBSYSTEM=pci` / ` DEVICE=+pci:0000:00:08.0`.
  public static func isKmsgDictionary(_ b: ByteView, from start: Int) -> Bool {
    var i = start
    while i < b.count, ByteLanes.isUpper(b[i]) || b[i] == UInt8(ascii: "_") { i += 1 }
    return i > start && i < b.count && b[i] == UInt8(ascii: "=")
  }
}
