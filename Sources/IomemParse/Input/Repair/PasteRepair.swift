/// Line-level repairs the repair layer (`PasteDecoder`) applies: email quote prefixes
/// (`> `, `>> `), quoted-printable escapes (`=3D`, `=20`) and UTF-8 non-breaking spaces.
enum PasteRepair {
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
    rewrite(b) { i in
      guard b[i] == 0x3D, i + 2 < b.count, let hi = Hex.upper(b[i + 1]), let lo = Hex.upper(b[i + 2]) else {
        return nil
      }
      return (hi << 4 | lo, 3)
    }
  }

  static func replaceNonBreakingSpaces(_ b: [UInt8]) -> [UInt8]? {
    rewrite(b) { i in b[i] == 0xC2 && i + 1 < b.count && b[i + 1] == 0xA0 ? (0x20, 2) : nil }
  }

  /// `b` with each sequence `replacement(i)` recognises at `i` replaced by one byte (and the
  /// count of bytes it replaces), or `nil` when nothing was.
  private static func rewrite(_ b: [UInt8], _ replacement: (Int) -> (byte: UInt8, count: Int)?) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var changed = false
    var i = 0
    while i < b.count {
      if let r = replacement(i) {
        out.append(r.byte)
        i += r.count
        changed = true
      } else {
        out.append(b[i])
        i += 1
      }
    }
    return changed ? out : nil
  }
}
