import IomemParse

/// What makes two reads of one boot or one dump the same, whatever file or format they came in:
/// the same dmesg in `sos_commands/kernel/dmesg` and in a journal export has the same messages.
enum ArtifactFingerprint {
  /// A boot's recognised messages in order (the message text, without stamps or prefixes).
  static func messages(of boot: KernelBoot) -> [String] { boot.events.map(\.provenance.text) }

  /// Whether boot `b` (of another input) is boot `a` read again: one read holds a run of the
  /// other's messages from its start (read earlier, while the boot went on) or to its end (a
  /// ring buffer that lost the start), with the same kernel, and every pair of those messages
  /// that both carry a monotonic stamp has the same stamp. Two reads without comparable stamps
  /// (dmesg against a wall-clock journal) must hold exactly the same messages, command line
  /// included: two boots of one kernel in two files are otherwise kept apart.
  static func sameBoot(_ a: KernelBoot, _ b: KernelBoot) -> Bool {
    guard a.source != b.source, a.kernelVersion == b.kernelVersion, a.commandLine?.text == b.commandLine?.text
    else { return false }
    let x = a.events
    let y = b.events
    let (long, short) = x.count >= y.count ? (x, y) : (y, x)
    guard short.count >= min(3, long.count), !short.isEmpty else { return false }
    for aligned in [Array(long.prefix(short.count)), Array(long.suffix(short.count))] {
      guard aligned.map(\.provenance.text) == short.map(\.provenance.text) else { continue }
      let stamped = zip(aligned, short).compactMap { p, q in p.time.flatMap { t in q.time.map { (t, $0) } } }
      if stamped.isEmpty { return long.count == short.count }
      if stamped.allSatisfy({ abs($0.0 - $0.1) < 0.000_001 }) { return true }
    }
    return false
  }

  /// A hash of a file's boots' messages and dumps' entries: two files with different hashes
  /// are not the same file read twice (equal hashes are compared in full).
  static func contentHash(of file: CaptureFile) -> Int {
    var h = Hasher()
    for boot in file.log.boots {
      h.combine(boot.events.count)
      for e in boot.events { h.combine(e.provenance.text) }
    }
    for dump in file.iomem.dumps { h.combine(entries(of: dump)) }
    return h.finalize()
  }

  /// A dump's entries (range and name, in order): two reads of one /proc/iomem are equal.
  static func entries(of dump: IomemDump) -> [String] {
    var out: [String] = []
    for root in dump.roots {
      root.walk { node, depth in out.append("\(depth) \(node.range.hex) \(node.name)") }
    }
    return out
  }
}

/// The boots already kept, indexed so a new boot is compared (`ArtifactFingerprint.sameBoot`)
/// only with those that can be the same boot: of another input, the same kernel and command
/// line, and the same first message and stamp to the microsecond (a read from the start), the
/// same last message and stamp (a ring buffer that lost the start) or the same messages (what
/// a read without stamps must have). A boot
/// whose events are stamped only in part is compared with every kept boot, and every kept
/// one of that kind with each new boot, so the answer is the one a full scan gives.
struct BootMatcher {
  private struct Key: Hashable {
    var kernel: String?
    var commandLine: String?
    var text: String
    var micros: Int64?
  }
  /// Graphs by key, then by input: a boot is never the same as another of its own input, so
  /// a log of a million like boots finds no candidates in itself.
  private typealias Index<K: Hashable> = [K: [String: [Int]]]
  private var byStart: Index<Key> = [:]
  private var byEnd: Index<Key> = [:]
  private var byMessages: Index<Int> = [:]
  private var partlyStamped: [Int] = []
  private var all: [Int] = []

  /// Where a boot's events are stamped: all, none, or some (compared with everything).
  private static func stamping(_ boot: KernelBoot) -> Bool? {
    var stamped = 0
    for e in boot.events where e.time != nil { stamped += 1 }
    return stamped == boot.events.count ? true : stamped == 0 ? false : nil
  }

  private static func key(_ boot: KernelBoot, _ e: LogEvent) -> Key {
    Key(
      kernel: boot.kernelVersion, commandLine: boot.commandLine?.text, text: e.provenance.text,
      micros: e.time.map { Int64(($0 * 1_000_000).rounded()) })
  }

  private static func messagesHash(_ boot: KernelBoot) -> Int {
    var h = Hasher()
    h.combine(boot.kernelVersion)
    h.combine(boot.commandLine?.text)
    for e in boot.events { h.combine(e.provenance.text) }
    return h.finalize()
  }

  /// The hashes a boot is found by (its messages; when stamped, also its first and last
  /// stamped lines), or `nil` for a partly stamped boot, which is compared with everything.
  static func keys(of boot: KernelBoot) -> [Int]? {
    guard let first = boot.events.first, let last = boot.events.last else { return [] }
    switch stamping(boot) {
    case true?: return [messagesHash(boot), key(boot, first).hashValue, key(boot, last).hashValue]
    case false?: return [messagesHash(boot)]
    case nil: return nil
    }
  }

  mutating func insert(_ boot: KernelBoot, graph: Int) {
    all.append(graph)
    guard let first = boot.events.first, let last = boot.events.last else { return }
    switch Self.stamping(boot) {
    case true?:
      byStart[Self.key(boot, first), default: [:]][boot.source, default: []].append(graph)
      byEnd[Self.key(boot, last), default: [:]][boot.source, default: []].append(graph)
      byMessages[Self.messagesHash(boot), default: [:]][boot.source, default: []].append(graph)
    case false?:
      byMessages[Self.messagesHash(boot), default: [:]][boot.source, default: []].append(graph)
    case nil:
      partlyStamped.append(graph)
    }
  }

  /// The kept graphs of other inputs that may hold `boot`, in the order they were kept.
  func candidates(_ boot: KernelBoot) -> [Int] {
    guard let first = boot.events.first, let last = boot.events.last else { return [] }
    func others(_ bySource: [String: [Int]]?) -> [Int] {
      (bySource ?? [:]).filter { $0.key != boot.source }.flatMap(\.value)
    }
    // Between a stamped and an unstamped read no stamps compare, so only the same messages
    // match; between stamped reads, an aligned start or end with its stamp.
    var found = others(byMessages[Self.messagesHash(boot)])
    switch Self.stamping(boot) {
    case true?:
      found += others(byStart[Self.key(boot, first)]) + others(byEnd[Self.key(boot, last)])
    case false?:
      break
    case nil:
      return all
    }
    found += partlyStamped
    return found.isEmpty ? [] : Array(Set(found)).sorted()
  }
}
