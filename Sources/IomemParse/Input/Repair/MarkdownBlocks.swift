/// Markdown code blocks around pasted logs: fence lines (```` ``` ````, `~~~`) become blank and
/// a fenced block loses its fence's indent; an indented code block loses the block's *common*
/// indent — not four spaces per line, so /proc/iomem nesting (two spaces a level) survives.
///
/// An indented block is held until it ends, to find its common indent; past `heldLimit` lines
/// the indent found so far is used for the rest, so memory stays bounded.
struct MarkdownBlocks {
  private var fence: (marker: UInt8, count: Int, indent: Int)?
  private var held: [RepairedLine] = []
  private var heldIndent = Int.max
  /// Set once a block outgrew `heldLimit`: its lines are emitted as they come.
  private var fixedIndent: Int?
  static let heldLimit = 65_536

  mutating func take(_ line: RepairedLine, counts: inout RepairCounts, emit: (RepairedLine) -> Void) {
    let indent = Self.indent(line.bytes)
    let blank = indent == nil
    if let open = fence {
      if Self.fenceLine(line.bytes)?.marker == open.marker, let close = Self.fenceLine(line.bytes),
        close.count >= open.count, close.rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 })
      {
        fence = nil
        emit(RepairedLine(bytes: [], number: line.number, column: line.column))
        return
      }
      emit(Self.strip(line, columns: open.indent))
      return
    }
    if !held.isEmpty || fixedIndent != nil {
      if blank || indent! >= 4 {
        append(line, indent: indent, counts: &counts, emit: emit)
        return
      }
      flush(counts: &counts, emit: emit)
    }
    if let opener = Self.fenceLine(line.bytes), indent! <= 3 {
      fence = (opener.marker, opener.count, indent!)
      counts.fences += 1
      emit(RepairedLine(bytes: [], number: line.number, column: line.column))
      return
    }
    if let indent, indent >= 4 {
      append(line, indent: indent, counts: &counts, emit: emit)
      return
    }
    emit(line)
  }

  mutating func finish(counts: inout RepairCounts, emit: (RepairedLine) -> Void) {
    flush(counts: &counts, emit: emit)
    fixedIndent = nil
  }

  private mutating func append(
    _ line: RepairedLine, indent: Int?, counts: inout RepairCounts, emit: (RepairedLine) -> Void
  ) {
    if let fixed = fixedIndent {
      emit(indent == nil ? line : Self.strip(line, columns: min(fixed, indent!)))
      return
    }
    if held.isEmpty { counts.indentedBlocks += 1 }
    held.append(line)
    if let indent { heldIndent = min(heldIndent, indent) }
    if held.count >= Self.heldLimit {
      let common = heldIndent
      flush(counts: &counts, emit: emit)
      fixedIndent = common
    }
  }

  private mutating func flush(counts: inout RepairCounts, emit: (RepairedLine) -> Void) {
    fixedIndent = nil
    guard !held.isEmpty else { return }
    let common = heldIndent == Int.max ? 0 : heldIndent
    counts.indentRemoved = max(counts.indentRemoved, common)
    for line in held { emit(Self.strip(line, columns: common)) }
    held.removeAll()
    heldIndent = Int.max
  }

  /// Leading indent in columns (a tab reaches the next multiple of four); `nil` for a blank line.
  static func indent(_ b: [UInt8]) -> Int? {
    var columns = 0
    for c in b {
      switch c {
      case 0x20: columns += 1
      case 0x09: columns += 4 - columns % 4
      default: return columns
      }
    }
    return nil
  }

  /// `line` without up to `columns` columns of leading indent.
  static func strip(_ line: RepairedLine, columns: Int) -> RepairedLine {
    var removed = 0
    var i = 0
    while i < line.bytes.count, removed < columns {
      let width = line.bytes[i] == 0x09 ? 4 - removed % 4 : (line.bytes[i] == 0x20 ? 1 : 0)
      guard width > 0, removed + width <= columns else { break }
      removed += width
      i += 1
    }
    var out = line
    out.bytes.removeFirst(i)
    return out
  }

  /// A fence line: three or more backticks or tildes after up to three spaces.
  static func fenceLine(_ b: [UInt8]) -> (marker: UInt8, count: Int, rest: ArraySlice<UInt8>)? {
    var i = 0
    while i < b.count, i < 3, b[i] == 0x20 { i += 1 }
    guard i < b.count, b[i] == 0x60 || b[i] == 0x7E else { return nil }
    let marker = b[i]
    var count = 0
    while i < b.count, b[i] == marker {
      count += 1
      i += 1
    }
    guard count >= 3 else { return nil }
    let rest = b[i...]
    if marker == 0x60, rest.contains(0x60) { return nil }
    return (marker, count, rest)
  }
}

/// A line as the repair layer hands it on: its text, the physical line it is cited as, and the
/// byte column where it starts when that physical line held several (`<br>`-joined lines).
struct RepairedLine {
  var bytes: [UInt8]
  var number: Int
  var column: Int?
}
