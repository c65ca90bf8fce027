internal import ByteInput

/// Forum markup (BBCode) around pasted log lines: `[CODE]…[/CODE]`, `[COLOR=#ff0000]…[/COLOR]`,
/// `[B]`, `[QUOTE="name"]`. Only tags of these known names are removed, so `[mem 0x…]`,
/// `[drm]` and timestamps stay.
enum ForumMarkup {
  static let names: Set<String> = [
    "b", "i", "u", "s", "color", "size", "font", "code", "icode", "quote", "spoiler", "url", "highlight",
    "pre", "plain", "center", "left", "right", "indent", "list", "img", "strike", "sub", "sup", "php",
    "html", "noparse", "user", "media",
  ]

  /// The length of a known tag at `i` (`[B]`, `[/COLOR]`, `[SIZE=4]`), or `nil`.
  static func tagLength(_ b: ByteView, at i: Int, closingOnly: Bool = false) -> Int? {
    let n = b.count
    guard i < n, b[i] == 0x5B else { return nil }
    var j = i + 1
    let closing = j < n && b[j] == 0x2F
    if closing { j += 1 }
    guard closing || !closingOnly else { return nil }
    var name: [UInt8] = []
    while j < n, name.count <= 10, (b[j] | 0x20) >= 0x61, (b[j] | 0x20) <= 0x7A {
      name.append(b[j] | 0x20)
      j += 1
    }
    guard !name.isEmpty, names.contains(String(decoding: name, as: UTF8.self)), j < n else { return nil }
    if b[j] == 0x5D { return j + 1 - i }
    guard !closing, b[j] == 0x3D, let close = firstIndex(of: 0x5D, in: b, from: j), close - j <= 200 else {
      return nil
    }
    return close + 1 - i
  }

  /// `line` without its known tags; `nil` when it has none.
  static func strip(_ line: [UInt8]) -> (bytes: [UInt8], tags: Int)? {
    guard line.contains(0x5B) else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(line.count)
    var tags = 0
    line.withByteView { b in
      var i = 0
      while i < b.count {
        if b[i] == 0x5B, let length = tagLength(b, at: i) {
          i += length
          tags += 1
        } else {
          out.append(b[i])
          i += 1
        }
      }
    }
    return tags > 0 ? (out, tags) : nil
  }
}
