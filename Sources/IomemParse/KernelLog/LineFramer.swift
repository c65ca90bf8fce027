#if canImport(Glibc)
  import Glibc
#endif

/// What one physical line holds once its prefix is read.
public enum FramedLine: Sendable, Equatable {
  /// A message with its stamp (which says whether the kernel wrote it).
  case message(LogStamp)
  /// No stamp or prefix: a bare kernel message, a wrapped continuation, or prose.
  case bare
  /// `-- Boot 1a2b… --`, `-- Reboot --`: the journal's boot separators.
  case bootSeparator(String?)
  /// The `_BOOT_ID` of the journal JSON record that follows.
  case journalBootID(String)
  /// ` SUBSYSTEM=pci` under a `/dev/kmsg` record.
  case kmsgContinuation
  case blank
}

/// Reads the prefix of each log line with plain byte code (no regex): stamps, syslog priority,
/// caller ids, journal host/identifier, kmsg headers. Cleans serial-console noise (ANSI escapes,
/// CR, NUL) and email quote prefixes first. JSON lines go to `JSONLogRecords`.
public struct LineFramer {
  private var scratch: [UInt8] = []
  private var json = JSONLogRecords()
  private var previousWasKmsg = false

  public init() {}

  /// True when the next line's framing depends on no earlier line (not inside a multi-line
  /// JSON document, not after a `/dev/kmsg` record whose dictionary lines may follow).
  var isIdle: Bool { !json.isInsideDocument && !previousWasKmsg }

  /// Frames one line; calls `emit` once per record (a JSON line may hold many, or none yet).
  public mutating func frame(
    _ raw: UnsafeRawBufferPointer, _ emit: (FramedLine, UnsafeRawBufferPointer) -> Void
  ) {
    if needsCleaning(raw) {
      clean(raw)
      scratch.withUnsafeBytes { frameClean($0, emit) }
    } else {
      frameClean(raw, emit)
    }
  }

  /// Quote prefixes and serial noise show at the start (NUL padding, CR, `ESC[`); colour codes
  /// can sit anywhere, hence one memchr for ESC.
  private func needsCleaning(_ b: UnsafeRawBufferPointer) -> Bool {
    guard let base = b.baseAddress, b.count > 0 else { return false }
    let first = b[0]
    if first == UInt8(ascii: ">") || first == 0x00 || first == 0x0D { return true }
    return memchr(base, 0x1B, b.count) != nil
  }

  /// Drops ANSI CSI/OSC sequences, CR and NUL, then an email quote prefix.
  private mutating func clean(_ b: UnsafeRawBufferPointer) {
    scratch.removeAll(keepingCapacity: true)
    var i = 0
    let n = b.count
    while i < n {
      let c = b[i]
      if c == 0x1B, i + 1 < n {
        if b[i + 1] == UInt8(ascii: "[") {
          i += 2
          while i < n, !(0x40...0x7E).contains(b[i]) { i += 1 }
          i += 1
          continue
        }
        if b[i + 1] == UInt8(ascii: "]") {
          i += 2
          while i < n, b[i] != 0x07, b[i] != 0x1B { i += 1 }
          i += (i < n && b[i] == 0x1B) ? 2 : 1
          continue
        }
        i += 2
        continue
      }
      if c != 0x0D && c != 0x00 && c != 0x1B { scratch.append(c) }
      i += 1
    }
    if scratch.first == UInt8(ascii: ">"), let stripped = PasteRepair.stripQuotePrefix(scratch) {
      scratch = stripped
    }
  }

  private mutating func frameClean(
    _ b: UnsafeRawBufferPointer, _ emit: (FramedLine, UnsafeRawBufferPointer) -> Void
  ) {
    var i = 0
    let n = b.count
    while i < n, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
    if i == n {
      emit(.blank, b)
      return
    }
    if json.isInsideDocument || b[i] == UInt8(ascii: "{") {
      if json.consume(UnsafeRawBufferPointer(rebasing: b[i...]), emit) { return }
    }
    let wasKmsg = previousWasKmsg
    previousWasKmsg = false
    if i > 0, wasKmsg, ByteScan.isKmsgDictionary(b, from: i) {
      previousWasKmsg = true
      emit(.kmsgContinuation, b)
      return
    }
    if i > 0 {
      emit(.bare, b)
      return
    }
    switch b[0] {
    case UInt8(ascii: "<"):
      if let (pri, next) = ByteScan.syslogPriority(b, 0) {
        var stamp = LogStamp(format: .dmesgRaw)
        stamp.priority = pri
        emitAfterPrefix(b, next, stamp, emit)
        return
      }
    case UInt8(ascii: "["):
      if let (mono, after) = ByteScan.monotonicStamp(b, 0) {
        var stamp = LogStamp(format: .dmesg)
        stamp.monotonic = mono
        emitMessage(b, after, stamp, emit)
        return
      }
      if let (span, after) = ByteScan.ctimeStamp(b, 0) {
        emitMessage(b, after, LogStamp(format: .dmesgWallClock, wallClock: span), emit)
        return
      }
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      if let (stamp, after) = ByteScan.kmsgHeader(b) {
        previousWasKmsg = true
        emit(.message(stamp), UnsafeRawBufferPointer(rebasing: b[after...]))
        return
      }
      if let (span, after) = ByteScan.isoStamp(b) {
        emitJournal(b, after, LogStamp(format: .journalISO, wallClock: span), emit)
        return
      }
    case UInt8(ascii: "-"):
      if let separator = ByteScan.journalSeparator(b) {
        emit(.bootSeparator(separator.isEmpty ? nil : separator), b)
        return
      }
    case UInt8(ascii: "a")...UInt8(ascii: "z"):
      if let (stamp, after) = ByteScan.decodedPrefix(b) {
        emitAfterPrefix(b, after, stamp, emit)
        return
      }
    case UInt8(ascii: "A")...UInt8(ascii: "Z"):
      if let (span, after) = ByteScan.syslogDate(b) {
        emitJournal(b, after, LogStamp(format: .journalShort, wallClock: span), emit)
        return
      }
    default:
      break
    }
    emit(.bare, b)
  }

  /// After a `<6>` or `kern  :info  : ` prefix: a printk stamp may follow, or the message.
  private func emitAfterPrefix(
    _ b: UnsafeRawBufferPointer, _ start: Int, _ stamp: LogStamp,
    _ emit: (FramedLine, UnsafeRawBufferPointer) -> Void
  ) {
    var stamp = stamp
    if let (mono, after) = ByteScan.monotonicStamp(b, start) {
      stamp.monotonic = mono
      emitMessage(b, after, stamp, emit)
    } else {
      emit(.message(stamp), UnsafeRawBufferPointer(rebasing: b[start...]))
    }
  }

  /// After a `[ 1.234]` stamp: an optional caller id, one space, then either a journal
  /// `host kernel: ` prefix (short-monotonic) or the message.
  private func emitMessage(
    _ b: UnsafeRawBufferPointer, _ start: Int, _ stamp: LogStamp,
    _ emit: (FramedLine, UnsafeRawBufferPointer) -> Void
  ) {
    var stamp = stamp
    var i = start
    if let (caller, next) = ByteScan.callerID(b, i) {
      stamp.callerBack = caller.lowerBound
      stamp.callerCount = caller.count
      i = next
    }
    if i < b.count, b[i] == 0x20 { i += 1 }
    if stamp.format == .dmesg, let (isKernel, next) = ByteScan.journalHostIdent(b, i) {
      stamp.format = .journalMonotonic
      stamp.isKernel = isKernel
      i = next
    }
    stamp.wallClockBack = i - stamp.wallClockBack
    stamp.callerBack = i - stamp.callerBack
    emit(.message(stamp), UnsafeRawBufferPointer(rebasing: b[i...]))
  }

  /// After a wall-clock stamp: `host ident[pid]: msg`, and for the kernel an embedded
  /// `[    1.234]` printk stamp as kern.log keeps it.
  private func emitJournal(
    _ b: UnsafeRawBufferPointer, _ start: Int, _ stamp: LogStamp,
    _ emit: (FramedLine, UnsafeRawBufferPointer) -> Void
  ) {
    var stamp = stamp
    guard let (isKernel, next) = ByteScan.journalHostIdent(b, start, strict: false) else {
      emit(.bare, b)
      return
    }
    stamp.isKernel = isKernel
    var i = next
    if isKernel, let (mono, after) = ByteScan.monotonicStamp(b, i) {
      stamp.monotonic = mono
      i = after
      if let (caller, n2) = ByteScan.callerID(b, i) {
        stamp.callerBack = caller.lowerBound
        stamp.callerCount = caller.count
        i = n2
      }
      if i < b.count, b[i] == 0x20 { i += 1 }
    }
    stamp.wallClockBack = i - stamp.wallClockBack
    stamp.callerBack = i - stamp.callerBack
    emit(.message(stamp), UnsafeRawBufferPointer(rebasing: b[i...]))
  }
}
