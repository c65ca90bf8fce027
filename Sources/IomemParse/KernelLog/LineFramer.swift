public import ByteInput
internal import LineScan

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

/// Reads the prefix of each log line with plain byte code (no regex): syslog priority, kmsg
/// headers, wall-clock and journal dates (`LinePrefix`), and printk's stamp with its caller id
/// and journal host (`PrintkFrame`, the decision the block scanner takes too). Cleans
/// serial-console noise (ANSI escapes, CR, NUL) and email quote prefixes first. JSON lines go to `JSONLogRecords`.
public struct LineFramer {
  private var scratch: [UInt8] = []
  private var json = JSONLogRecords()
  private var previousWasKmsg = false

  public init() {}

  /// What the framer hands on for each record: how it is framed, the bytes of the line it was
  /// read from (cleaned of serial noise, or a JSON record's message), and where the message starts
  /// in them. The stamp's text fields are spans of those bytes, so they are read inside them.
  public typealias Emit = (FramedLine, _ line: ByteView, _ messageStart: Int) -> Void

  /// True when the next line's framing depends on no earlier line (not inside a multi-line
  /// JSON document, not after a `/dev/kmsg` record whose dictionary lines may follow).
  var isIdle: Bool { !json.isInsideDocument && !previousWasKmsg }

  /// Frames one line; calls `emit` once per record (a JSON line may hold many, or none yet).
  public mutating func frame(
    _ raw: ByteView, _ emit: Emit
  ) {
    if needsCleaning(raw) {
      clean(raw)
      scratch.withByteView { frameClean($0, emit) }
    } else {
      frameClean(raw, emit)
    }
  }

  /// Quote prefixes and serial noise show at the start (NUL padding, CR, `ESC[`); colour codes
  /// can sit anywhere, hence one search for ESC.
  private func needsCleaning(_ b: ByteView) -> Bool {
    guard let first = b.first else { return false }
    if first == UInt8(ascii: ">") || first == 0x00 || first == 0x0D { return true }
    return b.firstIndex(of: 0x1B) != nil
  }

  /// Drops ANSI CSI/OSC sequences, CR and NUL, then an email quote prefix.
  private mutating func clean(_ b: ByteView) {
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
    _ b: ByteView, _ emit: Emit
  ) {
    var i = 0
    let n = b.count
    while i < n, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
    if i == n {
      emit(.blank, b, 0)
      return
    }
    if json.isInsideDocument || b[i] == UInt8(ascii: "{") {
      if json.consume(b.extracting(i...), emit) { return }
    }
    let wasKmsg = previousWasKmsg
    previousWasKmsg = false
    if i > 0, wasKmsg, LinePrefix.isKmsgDictionary(b, from: i) {
      previousWasKmsg = true
      emit(.kmsgContinuation, b, 0)
      return
    }
    if i > 0 {
      emit(.bare, b, 0)
      return
    }
    switch b[0] {
    case UInt8(ascii: "<"):
      if let (pri, next) = LinePrefix.syslogPriority(b, 0) {
        var stamp = LogStamp(format: .dmesgRaw)
        stamp.priority = pri
        emitAfterPrefix(b, next, stamp, emit)
        return
      }
    case UInt8(ascii: "["):
      if let frame = PrintkFrame.read(b, from: 0, journalHost: true) {
        emitPrintk(b, frame.stamp.seconds, frame.rest, LogStamp(format: .dmesg), emit)
        return
      }
      if let (span, after) = LinePrefix.ctimeStamp(b, 0) {
        let rest = PrintkFrame.rest(b, after: after, journalHost: false)
        emitPrintk(b, nil, rest, LogStamp(format: .dmesgWallClock, wallClock: span), emit)
        return
      }
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      if let (priority, microseconds, after) = LinePrefix.kmsgHeader(b) {
        var stamp = LogStamp(format: .kmsg)
        stamp.priority = priority
        stamp.monotonic = Double(microseconds) / 1_000_000
        previousWasKmsg = true
        emit(.message(stamp), b, after)
        return
      }
      if let (span, after) = LinePrefix.isoStamp(b) {
        emitJournal(b, after, LogStamp(format: .journalISO, wallClock: span), emit)
        return
      }
    case UInt8(ascii: "-"):
      if let separator = LinePrefix.journalSeparator(b) {
        emit(.bootSeparator(separator.isEmpty ? nil : separator), b, 0)
        return
      }
    case UInt8(ascii: "a")...UInt8(ascii: "z"):
      if let (priority, isKernel, after) = LinePrefix.decodedPrefix(b) {
        var stamp = LogStamp(format: .dmesgDecoded)
        stamp.priority = priority
        stamp.isKernel = isKernel
        emitAfterPrefix(b, after, stamp, emit)
        return
      }
    case UInt8(ascii: "A")...UInt8(ascii: "Z"):
      if let (span, after) = LinePrefix.syslogDate(b) {
        emitJournal(b, after, LogStamp(format: .journalShort, wallClock: span), emit)
        return
      }
    default:
      break
    }
    emit(.bare, b, 0)
  }

  /// After a `<6>` or `kern  :info  : ` prefix: a printk stamp may follow, or the message.
  private func emitAfterPrefix(
    _ b: ByteView, _ start: Int, _ stamp: LogStamp,
    _ emit: Emit
  ) {
    if let frame = PrintkFrame.read(b, from: start, journalHost: false) {
      emitPrintk(b, frame.stamp.seconds, frame.rest, stamp, emit)
    } else {
      emit(.message(stamp), b, start)
    }
  }

  /// A stamped line as `PrintkFrame` framed it: the printk time (`seconds`), the caller id, and
  /// a journal `host kernel:` prefix (`journalctl -o short-monotonic`) before the message.
  private func emitPrintk(
    _ b: ByteView, _ seconds: Double?, _ rest: PrintkFrame.Rest, _ stamp: LogStamp,
    _ emit: Emit
  ) {
    var stamp = stamp
    if let seconds { stamp.monotonic = seconds }
    if let caller = rest.caller {
      stamp.callerStart = caller.lowerBound
      stamp.callerCount = caller.count
    }
    if let isKernel = rest.journal {
      stamp.format = .journalMonotonic
      stamp.isKernel = isKernel
    }
    emit(.message(stamp), b, rest.message)
  }

  /// After a wall-clock stamp: `host ident[pid]: msg`, and for the kernel an embedded
  /// `[    1.234]` printk stamp as kern.log keeps it.
  private func emitJournal(
    _ b: ByteView, _ start: Int, _ stamp: LogStamp,
    _ emit: Emit
  ) {
    var stamp = stamp
    guard let (isKernel, next) = JournalPrefix.read(b, start, strict: false) else {
      emit(.bare, b, 0)
      return
    }
    stamp.isKernel = isKernel
    if isKernel, let frame = PrintkFrame.read(b, from: next, journalHost: false) {
      emitPrintk(b, frame.stamp.seconds, frame.rest, stamp, emit)
      return
    }
    emit(.message(stamp), b, next)
  }
}
