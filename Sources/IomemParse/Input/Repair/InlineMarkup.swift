internal import ByteInput

/// Markup inside one text line that hides a log line from its reader: `**bold**` (markdown and
/// forums) and a line wrapped whole in `` `backticks` ``.
enum InlineMarkup {
  /// The index of the `**` that closes bold text opened before `from` (preceded by a non-space).
  static func closingBold(_ b: ByteView, from: Int) -> Int? {
    var k = from + 1
    while k + 1 < b.count {
      if b[k] == 0x2A, b[k + 1] == 0x2A, b[k - 1] != 0x20, b[k - 1] != 0x2A { return k }
      k += 1
    }
    return nil
  }

  /// `line` with each `**text**` pair unwrapped; `nil` when it has none. A run such as
  /// `*****` or `**  NOTICE  **` (spaces inside) is text, as the kernel prints it.
  static func unbold(_ line: [UInt8]) -> (bytes: [UInt8], pairs: Int)? {
    guard line.count >= 5, line.contains(0x2A) else { return nil }
    var out: [UInt8] = []
    var pairs = 0
    line.withByteView { b in
      var i = 0
      while i < b.count {
        if b[i] == 0x2A, i + 2 < b.count, b[i + 1] == 0x2A, b[i + 2] != 0x20, b[i + 2] != 0x2A,
          i == 0 || b[i - 1] != 0x2A, let close = closingBold(b, from: i + 2)
        {
          out.append(contentsOf: b.extracting((i + 2)..<close))
          pairs += 1
          i = close + 2
        } else {
          out.append(b[i])
          i += 1
        }
      }
    }
    return pairs > 0 ? (out, pairs) : nil
  }

  /// A line that is one inline code span, `` `[    1.0] …` ``, without its backticks.
  static func unwrapCode(_ line: [UInt8]) -> [UInt8]? {
    var lo = 0
    var hi = line.count
    while lo < hi, line[lo] == 0x20 { lo += 1 }
    while hi > lo, line[hi - 1] == 0x20 { hi -= 1 }
    guard hi - lo >= 3, line[lo] == 0x60, line[hi - 1] == 0x60, line[lo + 1] != 0x60,
      !line[(lo + 1)..<(hi - 1)].contains(0x60)
    else { return nil }
    return Array(line[(lo + 1)..<(hi - 1)])
  }
}
