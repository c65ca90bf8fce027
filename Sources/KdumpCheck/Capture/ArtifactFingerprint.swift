import IomemParse

/// What makes two reads of one boot or one dump the same, whatever file or format they came in:
/// the same dmesg in `sos_commands/kernel/dmesg` and in a journal export has the same messages.
enum ArtifactFingerprint {
  /// A boot's recognised messages in order (the message text, without stamps or prefixes).
  static func messages(of boot: KernelBoot) -> [String] { boot.events.map(\.provenance.text) }

  /// Whether boot `b` is boot `a` read again: the same messages, or a ring buffer that lost the
  /// start — `b`'s messages are the tail of `a`'s (or `a`'s of `b`'s) with the same kernel.
  static func sameBoot(_ a: KernelBoot, _ b: KernelBoot) -> Bool {
    let x = messages(of: a)
    let y = messages(of: b)
    guard !x.isEmpty, !y.isEmpty,
      a.kernelVersion == b.kernelVersion || a.kernelVersion == nil
        || b.kernelVersion == nil
    else { return false }
    let (long, short) = x.count >= y.count ? (x, y) : (y, x)
    guard short.count >= min(3, long.count) else { return false }
    return Array(long.suffix(short.count)) == short
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
