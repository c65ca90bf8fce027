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

  /// A dump's entries (range and name, in order): two reads of one /proc/iomem are equal.
  static func entries(of dump: IomemDump) -> [String] {
    var out: [String] = []
    for root in dump.roots {
      root.walk { node, depth in out.append("\(depth) \(node.range.hex) \(node.name)") }
    }
    return out
  }
}
