/// Undoes what mail clients, list archives and web pages do to a pasted line: HTML line breaks
/// and entities, email quote prefixes (`> `, `>> `), quoted-printable escapes (`=3D`, `=20`) and
/// non-breaking spaces. Each repair is recorded so readers can say what they changed.
public enum PasteRepair {
  /// The kinds of damage undone on one line.
  public struct Kinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let html = Kinds(rawValue: 1)
    public static let quotePrefix = Kinds(rawValue: 2)
    public static let quotedPrintable = Kinds(rawValue: 4)
    public static let nonBreakingSpace = Kinds(rawValue: 8)
    public static let softLineBreak = Kinds(rawValue: 16)
    public static let annotation = Kinds(rawValue: 32)

    /// `quoted-printable escapes, HTML`: for repair notes.
    public var summary: String {
      var parts: [String] = []
      if contains(.quotePrefix) { parts.append("email quote prefix") }
      if contains(.html) { parts.append("HTML markup") }
      if contains(.quotedPrintable) { parts.append("quoted-printable escapes") }
      if contains(.softLineBreak) { parts.append("quoted-printable soft line break") }
      if contains(.nonBreakingSpace) { parts.append("non-breaking spaces") }
      if contains(.annotation) { parts.append("appended annotation") }
      return parts.joined(separator: ", ")
    }
  }

  /// A repaired line.
  public struct Line: Sendable {
    public var bytes: [UInt8]
    public var repairs: Kinds
  }

  /// Repairs one physical line. Lines without `<`, `&`, `>`, `=` or 0xC2 come back as they were.
  public static func repair(_ raw: UnsafeRawBufferPointer) -> Line {
    var bytes = Array(raw)
    var repairs: Kinds = []
    guard bytes.contains(where: { $0 == 0x3C || $0 == 0x26 || $0 == 0x3E || $0 == 0x3D || $0 == 0xC2 })
    else { return Line(bytes: bytes, repairs: repairs) }
    if bytes.contains(0x3C) || bytes.contains(0x26) {
      let before = bytes.count
      bytes = replaceHTML(bytes)
      if bytes.count != before { repairs.insert(.html) }
    }
    if let stripped = stripQuotePrefix(bytes) {
      bytes = stripped
      repairs.insert(.quotePrefix)
    }
    if bytes.contains(0x3D), let decoded = decodeQuotedPrintable(bytes) {
      bytes = decoded
      repairs.insert(.quotedPrintable)
    }
    if bytes.contains(0xC2), let spaced = replaceNonBreakingSpaces(bytes) {
      bytes = spaced
      repairs.insert(.nonBreakingSpace)
    }
    return Line(bytes: bytes, repairs: repairs)
  }

  /// Strips `>`, `> >`, `>> ` quoting; keeps the indentation that follows the quote's own space.
  static func stripQuotePrefix(_ b: [UInt8]) -> [UInt8]? {
    var i = 0
    var lastQuote = -1
    while i < b.count, b[i] == 0x20 || b[i] == 0x3E {
      if b[i] == 0x3E { lastQuote = i }
      i += 1
    }
    guard lastQuote >= 0 else { return nil }
    var cut = lastQuote + 1
    if cut < b.count, b[cut] == 0x20 { cut += 1 }
    return Array(b[cut...])
  }

  /// `=3D` → `=`, `=20` → space: only upper-case hex pairs, as quoted-printable writes them.
  static func decodeQuotedPrintable(_ b: [UInt8]) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var changed = false
    var i = 0
    while i < b.count {
      if b[i] == 0x3D, i + 2 < b.count, let hi = upperHex(b[i + 1]), let lo = upperHex(b[i + 2]) {
        out.append(hi << 4 | lo)
        i += 3
        changed = true
      } else {
        out.append(b[i])
        i += 1
      }
    }
    return changed ? out : nil
  }

  private static func upperHex(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  private static let entities: [([UInt8], [UInt8])] = [
    (Array("<br>".utf8), []), (Array("<br/>".utf8), []), (Array("<br />".utf8), []),
    (Array("<BR>".utf8), []), (Array("<pre>".utf8), []), (Array("</pre>".utf8), []),
    (Array("&nbsp;".utf8), [0x20]), (Array("&gt;".utf8), [0x3E]), (Array("&lt;".utf8), [0x3C]),
    (Array("&quot;".utf8), [0x22]), (Array("&#39;".utf8), [0x27]), (Array("&amp;".utf8), [0x26]),
  ]

  static func replaceHTML(_ b: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var i = 0
    outer: while i < b.count {
      if b[i] == 0x3C || b[i] == 0x26 {
        for (pattern, replacement) in entities where b.count - i >= pattern.count {
          if b[i..<(i + pattern.count)].elementsEqual(pattern) {
            out.append(contentsOf: replacement)
            i += pattern.count
            continue outer
          }
        }
      }
      out.append(b[i])
      i += 1
    }
    return out
  }

  static func replaceNonBreakingSpaces(_ b: [UInt8]) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var changed = false
    var i = 0
    while i < b.count {
      if b[i] == 0xC2, i + 1 < b.count, b[i + 1] == 0xA0 {
        out.append(0x20)
        i += 2
        changed = true
      } else {
        out.append(b[i])
        i += 1
      }
    }
    return changed ? out : nil
  }
}
