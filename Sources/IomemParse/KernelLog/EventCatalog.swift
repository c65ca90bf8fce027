internal import ByteInput
internal import LineScan
internal import PCRE2

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
  /// The patterns' prefixes, each once, in catalog order.
  private let distinctPrefixes: [[UInt8]]
  /// The messages the block scanner hands over: the distinct prefixes, and dev_printk's PCI
  /// function address as the second word (`name dddd:bb:dd.f: …`, whichever driver bound).
  let candidates: CandidateFilter

  /// dev_printk's `%s %s: ` with a PCI function's name, `pci_name()` = `%04x:%02x:%02x.%d`.
  static let deviceAddressShape = "????:??:??.?:"

  init() {
    patterns = EventCatalog.messagePatterns()
    var table = [[Int]](repeating: [], count: 256)
    for (i, p) in patterns.enumerated() { table[Int(p.prefix[0])].append(i) }
    byFirstByte = table
    var distinct: [[UInt8]] = []
    for p in patterns where !distinct.contains(p.prefix) { distinct.append(p.prefix) }
    distinctPrefixes = distinct
    candidates = CandidateFilter(prefixes: distinct, secondWord: Self.deviceAddressShape)
    devicePatterns = EventCatalog.pciDevicePatterns()
  }

  /// The distinct literal prefixes the per-line candidate test compares, in catalog order (the
  /// dev_printk PCI-address shape is tested besides them and is not a literal).
  var prefixLiterals: [String] { distinctPrefixes.map { String(decoding: $0, as: UTF8.self) } }

  /// Match data large enough for every pattern of the catalog.
  func makeMatchData() -> PCRE2MatchData {
    PCRE2MatchData(captures: (patterns + devicePatterns).map(\.captureCount).max() ?? 0)
  }

  /// Every pattern, compiled now (tests check that each one compiles and counts its groups).
  var allPatterns: [(pattern: String, declaredGroups: Int, regex: PCRE2Regex)] {
    (patterns + devicePatterns).map { ($0.lazy.pattern, $0.captureCount, $0.regex) }
  }

  /// The event a kernel message is, or `nil` when it is not one this tool needs.
  func recognise(_ m: ByteView, using data: PCRE2MatchData) -> EventKind? {
    guard let first = m.first else { return nil }
    for index in byFirstByte[Int(first)] {
      let p = patterns[index]
      guard p.prefix.withByteView({ m.starts(with: $0) }) else { continue }
      if let match = p.regex.firstMatch(in: m, using: data),
        let kind = try? p.build(Captures(bytes: m, match: match))
      {
        return kind
      }
    }
    if candidates.secondWordMatches(m) {
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
  func hasKnownPrefix(_ m: ByteView) -> Bool { candidates.admits(m) }
}

/// The catalog as the block scanner's classifier: candidates recognised on the scanning thread,
/// each piece with its own match data.
extension EventCatalog: LineClassifier {
  func makeScratch() -> PCRE2MatchData { makeMatchData() }

  func makeRecognitions() -> [EventKind?] { [] }

  func recognise(_ message: ByteView, _ scratch: inout PCRE2MatchData, into kinds: inout [EventKind?]) {
    kinds.append(recognise(message, using: scratch))
  }
}
