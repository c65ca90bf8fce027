public import ByteInput
internal import LineScan

/// Reads any kernel-log capture, a block of lines or a line at a time, into boots and typed
/// events, in bounded memory: only events (about 1% of lines), the current message and a few
/// scanned pieces are held.
public struct KernelLogReader: LineConsumer {
  /// The input's name: a file's path, or a rotated log's newest file.
  public let source: String
  /// The file being read, which lines are cited by: `source` unless a rotated log is read as
  /// one stream (`beginFile`).
  public private(set) var file: String
  /// How many times `beginFile` moved on.
  private var part = 0
  private let inputRole: (role: BootRole, reason: String)?
  private var framer = LineFramer()
  private let catalog = EventCatalog.shared
  private let matchData = EventCatalog.shared.makeMatchData()
  private var account = LogLineAccount()
  private var diagnostics: [Diagnostic] = []
  private var boots: [KernelBoot] = []
  /// Boots already handed to `onBoot` and dropped.
  private var emitted = 0
  /// When set, each boot is handed out as soon as its role is decided (when the boot after the
  /// next one starts, or at the end) and then dropped: memory stays bounded by three boots,
  /// however many the input holds. `finish()` then returns no boots.
  public var onBoot: ((KernelBoot) -> Void)?
  /// When set, each event is handed out with its boot's role as soon as neither can change, in
  /// input order, and then dropped. A boot's command line settles its role when it holds
  /// `elfcorehdr=` or `crashkernel=` (or the input is named for its role), and its init marker
  /// settles its driver registrations (built in or not); until then its events wait, as they do
  /// for `onBoot`. A long log of a settled boot is so written while it is read, not at its end.
  /// Boots handed to `onBoot` then hold only the events not yet handed out.
  public var onEvent: ((LogEvent, BootRole) -> Void)?
  /// The role of the only boot held, once its command line has settled it (`onEvent` only).
  private var settledRole: BootRole?
  private var lastTime: Double?
  private var lastBootID: String?
  /// The last kernel message, held one line so wrapped continuations can join it.
  private var pending: Pending?

  /// The literal message prefixes the prefilter looks for (for benchmarks against `rg`/`grep`
  /// with the same literals, and for people reading why a line became a candidate).
  public static var prefilterLiterals: [String] { EventCatalog.shared.prefixLiterals }

  /// How many pieces each block is scanned in; `nil` decides by block size and cores (tests
  /// set it).
  var scanPieces: Int?

  /// The event kind a scanning thread found for the line being fed, and its message's bytes.
  /// Set only around one `feed(_:line:)` of a scanned block's line, while the block is alive,
  /// and taken by the first message framed from it; the view is compared with that message
  /// (`isSameView`), so a line the framer cleaned of serial noise is recognised again from its
  /// cleaned bytes.
  private var ahead: (message: ByteView, kind: EventKind?)?

  /// A kernel message waiting one line for a continuation to join it.
  private struct Pending {
    var bytes: [UInt8] {
      didSet { recognised = nil }
    }
    /// What the catalog makes of `bytes`, when a scanning thread already asked it (`.some(nil)`:
    /// no event). Joining a continuation changes the bytes and drops it.
    var recognised: EventKind??
    let stamp: LogStamp
    let line: Int
    let column: Int?
    var physicalLength: Int
    let wallClock: String?
    let caller: String?
  }

  /// The column of the line being fed, when its physical line held several.
  private var column: Int?

  /// The `_BOOT_ID` of the journal record being read.
  private var journalBootID: String?

  /// `source` is how the user named the input; its file name also decides roles for
  /// `kexec-dmesg.log` (kdump kernel) and `vmcore-dmesg.txt` (the crashed first kernel).
  public init(source: String) {
    self.source = source
    self.file = source
    inputRole = FileNameRole.role(ofPath: source)
  }

  /// Goes on reading the same log from the next `file` of its rotation (kern.log.1 after
  /// kern.log.2.gz): time and the current boot carry on, so a boot that ran across the rotation
  /// stays one boot; lines are numbered and cited in `file` from now on.
  public mutating func beginFile(_ file: String) {
    flushPending()
    self.file = file
    part += 1
  }

  /// Reads a block of whole lines. Plain `[ seconds ] message` lines that no event starts like
  /// (nearly all of a long log) are found by the block scanner (`BlockScan`, with the catalog as
  /// its classifier), on several cores for a large block,
  /// and counted a run at a time; every other line goes through `feed(_:line:)`. Both paths
  /// count the same.
  public mutating func feed(block: ByteView, firstLine: Int) -> Int {
    feed(block: block, firstLine: firstLine) { _ in }
  }

  /// `feed(block:firstLine:)`, handing `each` the block's lines as the scan found them, in
  /// order: a line, or a run of plain lines (`ScannedLines`), so readers fed the same block
  /// (a capture's) need not find its lines again.
  public mutating func feed(
    block: ByteView, firstLine: Int, each: (ScannedLines) -> Void
  ) -> Int {
    var number = firstLine
    var run = PlainRun()
    BlockScan.forEach(in: block, classifier: catalog, pieces: scanPieces) { item, kinds in
      let first = number
      number = apply(item, kinds, block, number, &run)
      switch item {
      case .line(let bytes, _):
        each(.line(block.extracting(bytes), number: first))
      case .plainRun(let bytes, let lines, _, _):
        each(.plainRun(block.extracting(bytes), first: first, count: lines))
      }
    }
    commit(&run)
    return number - firstLine
  }

  /// Applies one scanned item: a line through the framer (with the kind its piece's scan
  /// recognised, for a candidate), or a run of plain lines counted in place once the reader's
  /// state allows; returns the next line number.
  private mutating func apply(
    _ item: ScanItem, _ kinds: [EventKind?], _ block: ByteView, _ first: Int, _ run: inout PlainRun
  )
    -> Int
  {
    var number = first
    switch item {
    case .line(let bytes, let candidate):
      commit(&run)
      ahead = candidate.map { (block.extracting($0.message), kinds[$0.index]) }
      feed(block.extracting(bytes), line: number)
      ahead = nil
      number += 1
    case .plainRun(let bytes, let lines, let firstTime, let runLastTime):
      // The run's times never go backwards, so once the state lets one of its lines be counted
      // in place, the rest can be too; until then its lines go through the framer one by one.
      let last = number + lines - 1
      if admitsRun(from: firstTime, &run) {
        count(number...last, &run, lastTime: runLastTime)
      } else {
        var counted = false
        LineSplitter.forEachLine(in: block.extracting(bytes), firstLine: number) { line, n in
          guard !counted else { return }
          if admitsRun(from: firstTime, &run) {
            counted = true
            count(n...last, &run, lastTime: runLastTime)
          } else {
            commit(&run)
            feed(line, line: n)
          }
        }
      }
      number = last + 1
    }
    return number
  }

  /// Whether plain lines from `firstTime` on can be counted in place now: no multi-line record
  /// open in the framer, no held message (it is flushed first), and time not going backwards.
  private mutating func admitsRun(from firstTime: Double, _ run: inout PlainRun) -> Bool {
    guard framer.isIdle else { return false }
    if pending != nil {
      commit(&run)
      flushPending()
    }
    guard let last = lastTime else { return false }
    return firstTime >= last
  }

  /// Adds plain lines `lines` to the run being counted.
  private mutating func count(_ lines: ClosedRange<Int>, _ run: inout PlainRun, lastTime time: Double) {
    if run.count == 0 { run.first = lines.lowerBound }
    run.count += lines.count
    run.last = lines.upperBound
    lastTime = time
  }

  /// Consecutive plain lines counted by the block reader, not yet added to the account.
  private struct PlainRun {
    var count = 0
    var first = 0
    var last = 0
  }

  /// Adds a run of plain lines (dmesg-stamped kernel messages of no event kind, in the current
  /// boot, time not going backwards) to the counts, as `feed` would have line by line.
  private mutating func commit(_ run: inout PlainRun) {
    guard run.count > 0 else { return }
    let c = run.count
    account.total += c
    account.kernelMessages += c
    account.unrecognizedMessages += c
    account.formatCounts[LogFormat.dmesg.ordinal] += c
    let b = boots.count - 1
    extend(b, first: run.first, last: run.last)
    boots[b].messages += c
    boots[b].unrecognizedMessages += c
    run = PlainRun()
  }

  public mutating func feed(_ raw: ByteView, line: Int) {
    feed(raw, line: line, column: nil)
  }

  /// Takes one repaired text line cited as physical line `line` and, when that line held
  /// several, the byte `column` it starts at (see `PasteDecoder`).
  public mutating func feed(_ raw: ByteView, line: Int, column: Int?) {
    self.column = column
    account.total += 1
    // Moved out and back so the framer's buffers stay uniquely owned (no copy-on-write per line).
    var framer = self.framer
    self.framer = LineFramer()
    framer.frame(raw) { framed, text, messageStart in
      self.take(framed, text, messageStart, line: line, physicalLength: raw.count)
    }
    self.framer = framer
  }

  public mutating func noteRepairs(_ forms: PasteForms, _ counts: RepairCounts) {
    if let note = Diagnostic.repaired(forms, counts, source: source) { diagnostics.append(note) }
  }

  public mutating func finish() -> KernelLog {
    flushPending()
    BootRoles.assign(&boots, inputRole: inputRole, source: source)
    if account.kernelMessages == 0 {
      diagnostics.append(
        Diagnostic(
          .error, "log.none", source: source, line: 0,
          "no kernel log lines found (\(account.total) lines read); expected dmesg, journal or serial-console lines such as `[    0.000000] Linux version …`"
        ))
    }
    let count = emitted + boots.filter { $0.messages > 0 }.count
    if onBoot != nil || onEvent != nil {
      for boot in boots where boot.messages > 0 { handOut(boot) }
      boots.removeAll()
    }
    return KernelLog(source: source, boots: boots, bootCount: count, lines: account, diagnostics: diagnostics)
  }

  private mutating func take(
    _ framed: FramedLine, _ text: ByteView, _ messageStart: Int, line: Int, physicalLength: Int
  ) {
    let message = text.extracting(messageStart...)
    switch framed {
    case .blank:
      account.blank += 1
    case .kmsgContinuation:
      account.continuations += 1
    case .journalBootID(let id):
      flushPending()
      journalBootID = id
    case .bootSeparator(let id):
      flushPending()
      startBoot(.journalSeparator, line: line)
      if let id { lastBootID = id }
      nonKernel(line)
    case .message(let stamp):
      flushPending()
      guard stamp.isKernel else {
        nonKernel(line)
        return
      }
      // The ~99% of messages no event starts like are counted and dropped without a copy.
      guard catalog.hasKnownPrefix(message) else {
        countUnrecognized(stamp, line: line)
        return
      }
      // The kind found ahead is this message's only when the framer hands on the very bytes the
      // scan recognised (a later message of the same physical line is other bytes).
      let ahead = self.ahead.take()
      pending = Pending(
        bytes: Array(copying: message),
        recognised: ahead?.message.isSameView(as: message) == true ? .some(ahead!.kind) : nil,
        stamp: stamp, line: line, column: column, physicalLength: physicalLength,
        wallClock: stamp.wallClock(in: text), caller: stamp.caller(in: text))
    case .bare:
      if let previous = pending?.bytes, Continuation.joins(previous, message) {
        pending!.bytes = Continuation.join(previous, message, previousLength: pending!.physicalLength)
        pending!.physicalLength = physicalLength
        account.continuations += 1
        return
      }
      flushPending()
      if let kind = catalog.recognise(message, using: matchData) {
        record(
          kind, stamp: LogStamp(format: .bare), bytes: Array(copying: message), line: line, column: column,
          wallClock: nil,
          caller: nil
        )
      } else {
        nonKernel(line)
      }
    }
  }

  private mutating func flushPending() {
    guard let held = pending.take() else { return }
    let kind = held.recognised ?? held.bytes.withByteView { catalog.recognise($0, using: matchData) }
    if let kind {
      record(
        kind, stamp: held.stamp, bytes: held.bytes, line: held.line, column: held.column,
        wallClock: held.wallClock,
        caller: held.caller)
      return
    }
    countUnrecognized(held.stamp, line: held.line)
    if Continuation.hasOpenBracket(held.bytes), held.bytes.withByteView({ catalog.hasKnownPrefix($0) }) {
      diagnostics.append(
        Diagnostic(
          .warning, "log.truncated-resource", source: file, line: held.line,
          "a `[mem …]` resource is cut off, so this line could not be read: \(String(decoding: held.bytes.prefix(120), as: UTF8.self))"
        ))
    }
  }

  /// A kernel message of no event kind: it still moves the boot boundary and the counts.
  private mutating func countUnrecognized(_ stamp: LogStamp, line: Int) {
    noteBoundary(stamp, line: line, isBanner: false)
    account.kernelMessages += 1
    account.unrecognizedMessages += 1
    account.formatCounts[stamp.format.ordinal] += 1
    let b = boots.count - 1
    extend(b, first: line, last: line)
    boots[b].messages += 1
    boots[b].unrecognizedMessages += 1
  }

  /// Moves boot `b`'s last line on to `last` (and its first line to `first` when it has no
  /// message yet), in the file being read.
  private mutating func extend(_ b: Int, first: Int, last: Int) {
    if boots[b].messages == 0 {
      boots[b].firstLine = first
      if boots[b].filePart != part {
        boots[b].files = [file]
        boots[b].filePart = part
      }
    } else if boots[b].filePart != part {
      boots[b].files.append(file)
      boots[b].filePart = part
    }
    boots[b].lastLine = last
  }

  private mutating func record(
    _ kind: EventKind, stamp: LogStamp, bytes: [UInt8], line: Int, column: Int?, wallClock: String?,
    caller: String?
  ) {
    var isBanner = false
    var isCPULine = false
    switch kind {
    case .kernelVersion: isBanner = true
    case .cpuBooting: isCPULine = true
    default: break
    }
    noteBoundary(stamp, line: line, isBanner: isBanner || isCPULine)
    if isCPULine { boots[boots.count - 1].openedByCPULine = boots[boots.count - 1].messages == 0 }
    account.kernelMessages += 1
    account.formatCounts[stamp.format.ordinal] += 1
    let b = boots.count - 1
    let provenance = Provenance(
      source: file, line: line, column: column, text: String(decoding: bytes, as: UTF8.self))
    extend(b, first: line, last: line)
    boots[b].messages += 1
    var kind = kind
    var settlesRole = false
    boots[b].noteEnding(kind, provenance)
    switch kind {
    case .initStarted: boots[b].initSeen = true
    case .vmbusDriverRegistered(let driver, _):
      // Known only in order: a registration after the init marker was a module load.
      kind = .vmbusDriverRegistered(driver: driver, afterInit: boots[b].initSeen ? true : nil)
    case .kernelVersion(let release): boots[b].kernelVersion = boots[b].kernelVersion ?? release
    case .commandLine(let cmdline):
      if boots[b].commandLine == nil {
        boots[b].commandLine = cmdline
        boots[b].commandLineProvenance = provenance
        settlesRole = true
      }
    default: break
    }
    var event = LogEvent(kind: kind, provenance: provenance, boot: b, time: stamp.monotonic)
    event.wallClock = wallClock
    event.caller = caller
    event.boot = boots[b].index
    // The common case once a boot is settled: nothing waits before this event and its fields
    // are final, so it goes straight out.
    if let onEvent, let role = settledRole, b == 0, boots[0].events.isEmpty, isFinal(event.kind, in: boots[0])
    {
      onEvent(event, role)
      return
    }
    boots[b].events.append(event)
    // A command line settles this boot's role, and so the role of the boot before it.
    if settlesRole { emitDecidedBoots() }
    if onEvent != nil { handOutSettledEvents() }
  }

  /// Whether an event of `boot` can no longer change: only a driver registration seen before
  /// the boot's init marker can (the marker makes it built in).
  private func isFinal(_ kind: EventKind, in boot: KernelBoot) -> Bool {
    if case .vmbusDriverRegistered(_, nil) = kind { return boot.initSeen }
    return true
  }

  /// Hands the only boot's events to `onEvent` while its role is settled, up to the first driver
  /// registration that its init marker (not seen yet) could still call built in.
  private mutating func handOutSettledEvents() {
    guard let onEvent, let role = settledRole, boots.count == 1 else { return }
    if boots[0].initSeen { boots[0].settleRegistrations() }
    var k = 0
    for event in boots[0].events {
      guard isFinal(event.kind, in: boots[0]) else { break }
      onEvent(event, role)
      k += 1
    }
    boots[0].events.removeFirst(k)
  }

  /// A boot whose role is decided, to `onBoot` and its events not handed out yet to `onEvent`.
  private func handOut(_ boot: KernelBoot) {
    onBoot?(boot)
    if let onEvent {
      for event in boot.events { onEvent(event, boot.role) }
    }
  }

  /// Starts a new boot on a banner, a timestamp that goes backwards, or a new journal boot ID.
  private mutating func noteBoundary(_ stamp: LogStamp, line: Int, isBanner: Bool) {
    if boots.isEmpty {
      boots.append(KernelBoot(source: source, index: emitted, start: .startOfInput, line: line, file: file))
      boots[boots.count - 1].filePart = part
    }
    if stamp.format == .journalJSON, let id = journalBootID, id != lastBootID {
      if lastBootID != nil { startBoot(.journalBootID, line: line) }
      lastBootID = id
      boots[boots.count - 1].bootID = id
    } else if isBanner {
      startBoot(.banner, line: line)
    } else if let t = stamp.monotonic, let last = lastTime, Self.startsNewBoot(from: last, to: t) {
      startBoot(.timestampWentBackwards, line: line)
    }
    if let t = stamp.monotonic { lastTime = t }
  }

  /// How far time must step back, at least, to start a boot: records of several CPUs interleave
  /// by microseconds, a console may reorder by milliseconds or seconds.
  public static let backwardsStepForNewBoot = 1.0

  /// Whether a stamp `t` after `last` starts a new boot: time went back by at least
  /// `backwardsStepForNewBoot` seconds to an early time, at most half of `last` (a kdump console
  /// whose first lines were lost may start at `[    1.2]`). A smaller step back is the same boot.
  static func startsNewBoot(from last: Double, to t: Double) -> Bool {
    t < last && last - t >= backwardsStepForNewBoot && t <= last / 2
  }

  /// Opens a new boot unless the current one has no kernel message yet (or, at a banner, holds
  /// only the arm64 `Booting Linux on physical CPU` line that comes just before it).
  private mutating func startBoot(_ reason: BootStart, line: Int) {
    lastTime = nil
    if let current = boots.last, current.messages == 0 { return }
    if reason == .banner, let current = boots.last, current.openedByCPULine, current.messages == 1 {
      boots[boots.count - 1].openedByCPULine = false
      return
    }
    var next = KernelBoot(source: source, index: emitted + boots.count, start: reason, line: line, file: file)
    next.filePart = part
    if let current = boots.last {
      next.previousEnding = (current.index, current.ending, current.endingEvidence)
    }
    boots.append(next)
    emitDecidedBoots()
  }

  /// Hands out the boots whose role can no longer change: a boot's role depends only on itself
  /// and on whether the next boot is a kdump kernel, which that boot's command line (or its end)
  /// settles. So at most one finished boot is held while the next one starts.
  private mutating func emitDecidedBoots() {
    guard onBoot != nil || onEvent != nil else { return }
    while boots.count >= 2, boots.count >= 3 || boots[1].commandLine != nil || inputRole != nil {
      var window = Array(boots[0...1])
      BootRoles.assign(&window, inputRole: inputRole, source: source)
      handOut(window[0])
      boots.removeFirst()
      emitted += 1
    }
    settledRole = boots.count == 1 ? BootRoles.settledRole(of: boots[0], inputRole: inputRole?.role) : nil
  }

  private mutating func nonKernel(_ line: Int) {
    account.nonKernel += 1
    account.nonKernelSpans.add(line)
  }
}
