internal import ByteInput
internal import PCRE2

/// The kernel's `/proc/iomem` line grammar (kernel/resource.c `r_show`:
/// `"%*s%0*llx-%0*llx : %s\n"`, two spaces per depth capped at depth 5, at least 8 hex digits,
/// 4 for /proc/ioports), loosened for pastes: tabs, any spacing around the colon, either case.
struct IomemLineGrammar: Sendable {
  /// Compiled once per process.
  static let shared = IomemLineGrammar()

  /// indent, start digits, end digits, name. Alphanumeric runs are accepted here so that a
  /// non-hex address becomes a diagnostic instead of silently not matching.
  let entry: PCRE2Regex
  /// A line that starts like an entry but stops short (`00001000-0000`, `00001000-00001fff :`).
  let truncated: PCRE2Regex

  init() {
    // The patterns are constants; a failure here is a programming error caught by every test.
    entry = try! PCRE2Regex(#"^([ \t]*)([0-9A-Za-z]+)-([0-9A-Za-z]+)[ \t]*:[ \t]*(.*?)[ \t\r]*$"#)
    truncated = try! PCRE2Regex(#"^[ \t]*[0-9A-Fa-f]{4,}(?:-[0-9A-Za-z]*)?[ \t]*:?[ \t]*$"#)
  }
}

/// One parsed entry line, before nesting is decided.
struct IomemEntryLine {
  var indent: Int
  var hasTab: Bool
  var range: AddressRange
  var name: String
  var digits: Int
  var provenance: Provenance
  var isZero: Bool { range.start == 0 && range.end == 0 }
}

/// What one cleaned line is.
enum IomemLineClass {
  case entry(IomemEntryLine)
  /// Shaped like an entry but unusable; the message says why.
  case bad(String)
  case elision
  case blank
  case text
}

extension IomemLineGrammar {
  private static let elisions: Set<String> = [
    "...", "…", "[...]", "[…]", "[snip]", "<snip>", "snip", "<...>", "[ ... ]", "(...)",
  ]
  /// The longest elision in bytes: a longer line is not one, and makes no String to look up.
  private static let longestElision = elisions.map(\.utf8.count).max() ?? 0

  func classify(_ b: [UInt8], source: String, line: Int, using data: PCRE2MatchData) -> IomemLineClass {
    let trimmed = b.trimmingSpaces()
    if trimmed.isEmpty { return .blank }
    // Both patterns need a letter or digit first (a dmesg line's `[` is neither): no match run.
    let first = trimmed[trimmed.startIndex]
    let alphanumeric =
      (0x30...0x39).contains(first) || (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first)
    if !alphanumeric { return Self.isElision(trimmed) ? .elision : .text }
    if let m = b.withByteView({ entry.firstMatch(in: $0, using: data) }) {
      return parseEntry(b, m, source: source, line: line)
    }
    if b.withByteView({ truncated.firstMatch(in: $0, using: data) }) != nil {
      return .bad("truncated line: no ` : name` after the address range")
    }
    return Self.isElision(trimmed) ? .elision : .text
  }

  /// Whether `classify` would call the line `.text` without running a pattern: past its
  /// indentation it starts with neither a letter nor a digit and is longer than any elision —
  /// every dmesg line (`[    0.000000] …`). Checked on the raw bytes, so such a line is not
  /// copied.
  static func isPlainText(_ raw: ByteView) -> Bool {
    var lo = 0
    var hi = raw.count
    while lo < hi, raw[lo] == 0x20 || raw[lo] == 0x09 { lo += 1 }
    while hi > lo, raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09 { hi -= 1 }
    guard hi - lo > longestElision else { return false }
    let first = raw[lo]
    return !((0x30...0x39).contains(first) || (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first))
  }

  /// `...`, `[snip]` and the like: a paste that left entries out.
  private static func isElision(_ trimmed: ArraySlice<UInt8>) -> Bool {
    trimmed.count <= longestElision && elisions.contains(String(decoding: trimmed, as: UTF8.self))
  }

  private func parseEntry(_ b: [UInt8], _ m: PCRE2Match, source: String, line: Int) -> IomemLineClass {
    let indentBytes = b[m[1]!]
    let startDigits = b[m[2]!]
    let endDigits = b[m[3]!]
    var start: UInt64 = 0
    var end: UInt64 = 0
    for (digits, label) in [(startDigits, "start"), (endDigits, "end")] {
      let parsed = Array(digits).withByteView { Hex.parse($0) }
      switch parsed {
      case .value(let v): if label == "start" { start = v } else { end = v }
      case .notHex(let offset):
        let bad = Character(Unicode.Scalar(digits[digits.startIndex + offset]))
        return .bad("\(label) address `\(String(decoding: digits, as: UTF8.self))` is not hex ('\(bad)')")
      case .overflow:
        return .bad(
          "\(label) address `\(String(decoding: digits, as: UTF8.self))` has more than 16 significant hex digits (beyond 64 bits)"
        )
      case .empty: return .bad("\(label) address is empty")
      }
    }
    guard let range = AddressRange(start: start, inclusiveEnd: end) else {
      return .bad("end \(Hex.prefixed(end)) is below start \(Hex.prefixed(start))")
    }
    var indent = 0
    var hasTab = false
    for c in indentBytes {
      if c == 0x09 {
        hasTab = true
        indent += 2
      } else {
        indent += 1
      }
    }
    let name = String(decoding: b[m[4]!], as: UTF8.self)
    let text = String(decoding: b, as: UTF8.self)
    return .entry(
      IomemEntryLine(
        indent: indent, hasTab: hasTab, range: range, name: name,
        digits: max(startDigits.count, endDigits.count),
        provenance: Provenance(source: source, line: line, text: text)))
  }
}

extension Array where Element == UInt8 {
  /// Drops leading and trailing spaces and tabs.
  func trimmingSpaces() -> ArraySlice<UInt8> {
    var lo = startIndex
    var hi = endIndex
    while lo < hi, self[lo] == 0x20 || self[lo] == 0x09 { lo += 1 }
    while hi > lo, self[hi - 1] == 0x20 || self[hi - 1] == 0x09 { hi -= 1 }
    return self[lo..<hi]
  }
}
