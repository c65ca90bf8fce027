internal import ByteInput

/// Turns one physical line of HTML source back into the text lines it shows: `<br>` and block
/// tags (`</p>`, `<div>`, `<pre>`, `<li>`…) break lines, other tags are removed, entities are
/// decoded (`&nbsp;` becomes a space, so `&nbsp;`-indented /proc/iomem nesting survives). A
/// `<6>` syslog priority is not a tag (a tag name starts with a letter) and stays.
struct HTMLText {
  /// Inside `<pre>…</pre>`, where the source's own indentation is text.
  private(set) var inPre = false

  /// One text line cut out of a physical line; `column` is the 1-based byte where its text
  /// starts, set when the physical line held more than one.
  struct Segment {
    var bytes: [UInt8]
    var column: Int?
  }

  /// The text lines `line` shows, counting what was undone into `counts`. A physical line that
  /// ends in a break yields no empty line after it.
  mutating func split(_ line: [UInt8], counts: inout RepairCounts) -> [Segment] {
    var segments: [Segment] = []
    var current: [UInt8] = []
    var start = 0
    var i = 0
    let n = line.count
    if !inPre {
      while i < n, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
      start = i
    }
    var endedWithBreak = false
    line.withByteView { b in
      while i < n {
        let c = b[i]
        if c == 0x3C, let tag = Self.tag(b, at: i) {
          i += tag.length
          counts.htmlTags += 1
          if tag.name == "pre" { inPre = !tag.closing }
          let breaks =
            tag.name == "br" || (Self.blockTags.contains(tag.name) && current.contains { $0 != 0x20 })
          if breaks {
            counts.htmlBreaks += 1
            segments.append(Segment(bytes: current, column: start + 1))
            current.removeAll(keepingCapacity: true)
            start = i
            endedWithBreak = true
          }
          continue
        }
        if c == 0x26, let entity = Self.entity(b, at: i) {
          current.append(contentsOf: entity.bytes)
          counts.htmlEntities += 1
          i += entity.length
          endedWithBreak = false
          continue
        }
        current.append(c)
        if c != 0x20 && c != 0x09 { endedWithBreak = false }
        i += 1
      }
    }
    if !endedWithBreak || segments.isEmpty { segments.append(Segment(bytes: current, column: start + 1)) }
    if segments.count == 1 { segments[0].column = nil }
    return segments
  }

  /// Tags that start a new line of text when the line so far holds any.
  static let blockTags: Set<String> = [
    "p", "div", "pre", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote",
    "hr", "dd", "dt", "section", "article", "header", "footer", "body", "title", "td",
  ]

  /// A tag (`<br>`, `</p>`, `<span class="x">`, `<!-- … -->`, `<!DOCTYPE html>`) at `i`: its
  /// length and lower-cased name. A `<` not followed by a letter, `/` + letter or `!` is text.
  static func tag(_ b: ByteView, at i: Int) -> (length: Int, name: String, closing: Bool)? {
    let n = b.count
    var j = i + 1
    guard j < n else { return nil }
    if b[j] == 0x21 {  // <!-- comment --> or <!DOCTYPE …>
      if starts(b, at: j, "!--") {
        var k = j + 3
        while k + 2 < n {
          if b[k] == 0x2D, b[k + 1] == 0x2D, b[k + 2] == 0x3E { return (k + 3 - i, "!--", false) }
          k += 1
        }
        return nil
      }
      guard let close = firstIndex(of: 0x3E, in: b, from: j) else { return nil }
      return (close + 1 - i, "!", false)
    }
    let closing = b[j] == 0x2F
    if closing { j += 1 }
    guard j < n, isLetter(b[j]) else { return nil }
    var name: [UInt8] = []
    while j < n, isLetter(b[j]) || (b[j] >= 0x30 && b[j] <= 0x39) {
      name.append(b[j] | 0x20)
      j += 1
    }
    guard j < n, b[j] == 0x3E || b[j] == 0x20 || b[j] == 0x2F || b[j] == 0x09 else { return nil }
    guard let close = firstIndex(of: 0x3E, in: b, from: j) else { return nil }
    return (close + 1 - i, String(decoding: name, as: UTF8.self), closing)
  }

  /// Whether the tag at `i` is one only HTML has: a line break, a paragraph, preformatted text,
  /// a page. Used to detect HTML; one such tag is enough.
  static func isStrongTag(_ b: ByteView, at i: Int) -> Bool {
    guard let tag = tag(b, at: i) else { return false }
    switch tag.name {
    case "br", "pre", "html", "body": return true
    case "p", "div", "span", "code", "td", "li": return tag.closing
    default: return false
    }
  }

  private static let named: [(String, [UInt8])] = [
    ("nbsp", [0x20]), ("gt", [0x3E]), ("lt", [0x3C]), ("amp", [0x26]), ("quot", [0x22]),
    ("apos", [0x27]), ("#39", [0x27]), ("ndash", Array("–".utf8)), ("mdash", Array("—".utf8)),
  ]

  /// An entity at `i` (`&gt;`, `&nbsp;`, `&#62;`, `&#x3e;`): the bytes it stands for and its
  /// length. A non-breaking space becomes a plain space.
  static func entity(_ b: ByteView, at i: Int) -> (bytes: [UInt8], length: Int)? {
    guard let semicolon = firstIndex(of: 0x3B, in: b, from: i + 1), semicolon - i <= 10 else { return nil }
    let body = String(decoding: b.extracting((i + 1)..<semicolon), as: UTF8.self)
    let length = semicolon + 1 - i
    if let hit = named.first(where: { $0.0 == body }) { return (hit.1, length) }
    guard body.hasPrefix("#") else { return nil }
    let digits = body.dropFirst()
    let value =
      digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
    guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
    if value == 0xA0 { return ([0x20], length) }
    return (Array(String(Character(scalar)).utf8), length)
  }

  private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
}

/// The first index of `byte` in `b` at or after `from`.
func firstIndex(of byte: UInt8, in b: ByteView, from: Int) -> Int? {
  var k = from
  while k < b.count {
    if b[k] == byte { return k }
    k += 1
  }
  return nil
}
