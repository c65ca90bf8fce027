/// Every message this tool turns into an event, with the kernel source it comes from.
/// Dispatch is by the message's first byte, then a literal prefix compare, then PCRE2: the ~99%
/// of lines no rule needs cost a table look-up and at most a few byte compares.
struct EventCatalog: Sendable {
  /// Compiled once per process; readers share it and bring their own match data.
  static let shared = EventCatalog()

  private let patterns: [EventPattern]
  /// Pattern indices by the first byte of their prefix.
  private let byFirstByte: [[Int]]
  /// Patterns for `<driver> <pci address>: …` lines (BAR messages from whichever driver bound).
  private let devicePatterns: [EventPattern]
  /// The distinct prefixes by first byte: the per-line prefilter compares only these.
  private let prefixesByFirstByte: [[[UInt8]]]

  init() {
    patterns = EventCatalog.messagePatterns()
    var table = [[Int]](repeating: [], count: 256)
    for (i, p) in patterns.enumerated() { table[Int(p.prefix[0])].append(i) }
    byFirstByte = table
    var prefixes = [[[UInt8]]](repeating: [], count: 256)
    for p in patterns where !prefixes[Int(p.prefix[0])].contains(p.prefix) {
      prefixes[Int(p.prefix[0])].append(p.prefix)
    }
    prefixesByFirstByte = prefixes
    devicePatterns = EventCatalog.pciDevicePatterns()
  }

  /// Match data large enough for every pattern of the catalog.
  func makeMatchData() -> PCRE2MatchData {
    PCRE2MatchData(captures: (patterns + devicePatterns).map(\.captureCount).max() ?? 0)
  }

  /// Every pattern, compiled now (tests check that each one compiles and counts its groups).
  var allPatterns: [(pattern: String, declaredGroups: Int, regex: PCRE2Regex)] {
    (patterns + devicePatterns).map { ($0.lazy.pattern, $0.captureCount, $0.regex) }
  }

  /// The event a kernel message is, or `nil` when it is not one this tool needs.
  func recognise(_ m: UnsafeRawBufferPointer, using data: PCRE2MatchData) -> EventKind? {
    guard let first = m.first else { return nil }
    for index in byFirstByte[Int(first)] {
      let p = patterns[index]
      guard m.count >= p.prefix.count, p.prefix.withUnsafeBytes({ prefixEqual(m, $0) }) else { continue }
      if let match = p.regex.firstMatch(in: m, using: data),
        let kind = try? p.build(Captures(bytes: m, match: match))
      {
        return kind
      }
    }
    if hasDeviceAddress(m) {
      for p in devicePatterns {
        if let match = p.regex.firstMatch(in: m, using: data),
          let kind = try? p.build(Captures(bytes: m, match: match))
        {
          return kind
        }
      }
    }
    return nil
  }

  /// True when the message starts like one this catalog reads (for diagnosing cut-off lines).
  func hasKnownPrefix(_ m: UnsafeRawBufferPointer) -> Bool {
    guard let base = m.baseAddress, m.count > 0 else { return false }
    let p = base.assumingMemoryBound(to: UInt8.self)
    for prefix in prefixesByFirstByte[Int(p[0])] where m.count >= prefix.count {
      var k = 1
      while k < prefix.count, p[k] == prefix[k] { k += 1 }
      if k == prefix.count { return true }
    }
    return hasDeviceAddress(m)
  }

  @inline(__always)
  private func prefixEqual(_ m: UnsafeRawBufferPointer, _ prefix: UnsafeRawBufferPointer) -> Bool {
    memcmp(m.baseAddress!, prefix.baseAddress!, prefix.count) == 0
  }

  /// `name dddd:bb:dd.f: …` — the dev_printk prefix of a PCI function.
  private func hasDeviceAddress(_ m: UnsafeRawBufferPointer) -> Bool {
    guard let base = m.baseAddress, let hit = memchr(base, 0x20, min(m.count, 32)) else { return false }
    let a = base.distance(to: UnsafeRawPointer(hit)) + 1
    guard a + 13 < m.count else { return false }
    return m[a + 4] == UInt8(ascii: ":") && m[a + 7] == UInt8(ascii: ":") && m[a + 10] == UInt8(ascii: ".")
      && m[a + 12] == UInt8(ascii: ":")
  }
}

#if canImport(Glibc)
  import Glibc
#endif
