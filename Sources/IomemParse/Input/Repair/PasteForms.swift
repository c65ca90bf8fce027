public import ByteInput
internal import LineScan

/// The ways a capture can have been mangled on its way to us, detected from the input's first
/// mebibyte before any line is read. Each form is repaired only when it is detected, so clean
/// logs pass through untouched (and at full speed), and a line that merely contains `=` or `<6>`
/// is never "decoded".
public struct PasteForms: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// Quoted-printable transfer encoding (`=3D`, `=20`, soft line breaks `=` at line end), as
  /// mail archives store a message.
  public static let quotedPrintable = PasteForms(rawValue: 1)
  /// HTML: lines joined by `<br>`, `</p>`, entities such as `&nbsp;` and `&gt;`.
  public static let html = PasteForms(rawValue: 2)
  /// Markdown: fenced and indented code blocks, `**bold**`.
  public static let markdown = PasteForms(rawValue: 4)
  /// Forum markup (BBCode): `[CODE]`, `[COLOR=…]…[/COLOR]`, `[B]`.
  public static let forum = PasteForms(rawValue: 8)
  /// Email quote prefixes (`> `, `>> `, `> > `).
  public static let quoted = PasteForms(rawValue: 16)
  /// UTF-8 non-breaking spaces (U+00A0) where a paste had spaces.
  public static let nonBreakingSpace = PasteForms(rawValue: 32)

  /// How much of an input is looked at to decide its forms.
  public static let headBytes = 1 << 20

  /// `quoted-printable, HTML`: the forms found, for notes.
  public var names: [String] {
    var out: [String] = []
    if contains(.quotedPrintable) { out.append("quoted-printable") }
    if contains(.html) { out.append("HTML") }
    if contains(.markdown) { out.append("markdown") }
    if contains(.forum) { out.append("forum markup") }
    if contains(.quoted) { out.append("email quoting") }
    if contains(.nonBreakingSpace) { out.append("non-breaking spaces") }
    return out
  }

  /// The forms `head` (an input's first bytes) shows.
  ///
  /// - Quoted-printable: a `Content-Transfer-Encoding: quoted-printable` header, or an `=3D`
  ///   escape with at least one more sign (another escape, a soft line break), or two soft line
  ///   breaks where no line is longer than quoted-printable allows (76 bytes).
  /// - HTML: a line-breaking or page tag (`<br>`, `</p>`, `<pre>`, `<html`…) or `&nbsp;`, or two
  ///   other entities (`&gt;`, `&lt;`, `&amp;`, `&#…;`). A `<6>` priority is not a tag.
  /// - Markdown: a code fence (```` ``` ```` or `~~~`), or two kinds of markdown sign among
  ///   headings, `**bold**`, links, list items and indented blocks after a blank line.
  /// - Forum markup: a closing BBCode tag of a known name (`[/CODE]`, `[/COLOR]`) or `[CODE]`.
  /// - Email quoting: a line that starts with `>`.
  public static func detect(_ head: ByteView) -> PasteForms {
    var signs = Signs()
    LineSplitter.forEachLine(in: head, firstLine: 1) { line, _ in signs.look(at: line) }
    return signs.forms
  }
}

/// What `PasteForms.detect` counts, line by line.
private struct Signs {
  var qpHeader = false
  var escapes3D = 0
  var otherEscapes = 0
  var softBreaks = 0
  var longLines = 0
  var htmlStrong = 0
  var htmlEntities = 0
  var fences = 0
  var markdownKinds: Set<Int> = []
  var forumTags = 0
  var quotedLines = 0
  var nbsp = 0
  var previousBlank = true

  var forms: PasteForms {
    var forms: PasteForms = []
    let qpSigns = escapes3D + otherEscapes + softBreaks
    if qpHeader || (escapes3D > 0 && qpSigns >= 2) || (softBreaks >= 2 && longLines == 0) {
      forms.insert(.quotedPrintable)
    }
    if htmlStrong > 0 || htmlEntities >= 2 { forms.insert(.html) }
    if fences > 0 || markdownKinds.count >= 2 { forms.insert(.markdown) }
    if forumTags > 0 { forms.insert(.forum) }
    if quotedLines > 0 { forms.insert(.quoted) }
    if nbsp > 0 { forms.insert(.nonBreakingSpace) }
    return forms
  }

  mutating func look(at b: ByteView) {
    let n = b.count
    if n > 76 { longLines += 1 }
    if n > 0, b[n - 1] == 0x3D, n < 2 || b[n - 2] != 0x3D, n <= 76 { softBreaks += 1 }
    var indent = 0
    while indent < n, b[indent] == 0x20 { indent += 1 }
    let blank = indent == n || b.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    defer { previousBlank = blank }
    if blank { return }
    if indent < n, b[indent] == 0x3E { quotedLines += 1 }
    if indent <= 3, starts(b, at: indent, "```") || starts(b, at: indent, "~~~") { fences += 1 }
    if indent >= 4 && previousBlank { markdownKinds.insert(0) }
    if indent == 0, heading(b) { markdownKinds.insert(1) }
    if indent <= 3, n > indent + 2, b[indent] == 0x2D || b[indent] == 0x2A || b[indent] == 0x2B,
      b[indent + 1] == 0x20, b[indent + 2] != 0x20
    {
      markdownKinds.insert(2)
    }
    if n >= 8, ascii(b, starts: "content-transfer-encoding:"), contains(b, "quoted-printable") {
      qpHeader = true
    }
    var i = 0
    while i < n {
      // Most words of a log line hold none of the bytes looked at below: skip them whole.
      if i &+ 8 <= n, !Self.mayHoldSign(b.loadUInt64(at: i)) {
        i &+= 8
        continue
      }
      switch b[i] {
      case 0x3D:  // =
        if i + 2 < n, let hi = Hex.upper(b[i + 1]), let lo = Hex.upper(b[i + 2]) {
          if hi == 3 && lo == 0xD {
            escapes3D += 1
          } else if hi >= 8 || (hi == 2 && lo == 0) || hi == 0 {
            otherEscapes += 1
          }
        }
      case 0x3C:  // <
        if HTMLText.isStrongTag(b, at: i) { htmlStrong += 1 }
      case 0x26:  // &
        if starts(b, at: i, "&nbsp;") {
          htmlStrong += 1
        } else if HTMLText.entity(b, at: i) != nil {
          htmlEntities += 1
        }
      case 0x5B:  // [
        if ForumMarkup.tagLength(b, at: i, closingOnly: true) != nil || starts(b, at: i, "[code]")
          || starts(b, at: i, "[CODE]")
        {
          forumTags += 1
        }
      case 0x2A:  // *
        if i + 2 < n, b[i + 1] == 0x2A, b[i + 2] != 0x20, b[i + 2] != 0x2A,
          InlineMarkup.closingBold(b, from: i + 2) != nil
        {
          markdownKinds.insert(3)
        }
      case 0x5D:  // ]
        if i + 1 < n, b[i + 1] == 0x28 { markdownKinds.insert(4) }
      case 0xC2:
        if i + 1 < n, b[i + 1] == 0xA0 { nbsp += 1 }
      default: break
      }
      i += 1
    }
  }

  /// Whether any of the eight bytes of `word` may be one `look` tests (`= < & [ * ]` and the
  /// 0xC2 of a no-break space): `<` and `=` differ only in the lowest bit, so one lane test
  /// covers both, and any byte past ASCII is let through. `zeroLanes` is exact in the lowest
  /// lane it flags, so a word it clears holds none of them.
  @inline(__always)
  private static func mayHoldSign(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    @inline(__always) func lanes(_ bits: UInt64, _ byte: UInt8) -> UInt64 {
      ByteLanes.zeroLanes(bits ^ (UInt64(byte) &* ones))
    }
    let angleOrEquals = lanes(word & ~ones, 0x3C)
    let others = lanes(word, 0x26) | lanes(word, 0x5B) | lanes(word, 0x2A) | lanes(word, 0x5D)
    return angleOrEquals | others | (word & (ones &* 0x80)) != 0
  }

  private func heading(_ b: ByteView) -> Bool {
    var i = 0
    while i < b.count, b[i] == 0x23 { i += 1 }
    return (2...6).contains(i) && i + 1 < b.count && b[i] == 0x20 && b[i + 1] != 0x20
  }

  private func ascii(_ b: ByteView, starts prefix: StaticString) -> Bool {
    let p = ByteView(prefix)
    guard b.count >= p.count else { return false }
    for k in 0..<p.count where b[k] | 0x20 != p[k] { return false }
    return true
  }

  private func contains(_ b: ByteView, _ word: StaticString) -> Bool {
    let p = ByteView(word)
    guard b.count >= p.count else { return false }
    outer: for s in 0...(b.count - p.count) {
      for k in 0..<p.count where b[s + k] | 0x20 != p[k] { continue outer }
      return true
    }
    return false
  }
}

/// Whether `b` holds `literal` at `i` (exact bytes).
func starts(_ b: ByteView, at i: Int, _ literal: StaticString) -> Bool {
  let n = literal.utf8CodeUnitCount
  guard i >= 0, b.count - i >= n else { return false }
  let p = literal.utf8Start
  for k in 0..<n where b[i + k] != p[k] { return false }
  return true
}
