/// Turns a dump's entry lines into a tree.
///
/// With indentation (two spaces per depth, capped at depth 5 by the kernel) the indentation is
/// trusted but verified: a child must lie inside its parent, siblings must be sorted and must not
/// overlap. Without it (a flat paste, or tabs) nesting is recovered by containment: a range inside
/// an earlier open range is its child, an identical range too, since siblings never overlap.
/// A non-root dump (all zeros) can only use its indentation, and is never checked for overlap.
struct IomemNester {
  let source: String
  let entries: [IomemEntryLine]
  private(set) var diagnostics: [Diagnostic] = []

  /// Kernel's MAX_IORES_LEVEL: deeper nodes print at this depth's indent.
  static let maxPrintedDepth = 5

  private struct Flat {
    var entry: IomemEntryLine
    var children: [Int] = []
  }

  private var nodes: [Flat] = []
  private var roots: [Int] = []

  init(source: String, entries: [IomemEntryLine]) {
    self.source = source
    self.entries = entries
  }

  mutating func build(firstLine: Int, lastLine: Int) -> IomemDump {
    let hidden = entries.allSatisfy(\.isZero)
    let indented = entries.contains(where: { $0.indent > 0 })
    let tabs = entries.contains(where: \.hasTab)
    let span = "lines \(firstLine)-\(lastLine)"
    let nesting: IomemDump.Nesting
    if hidden {
      nesting = .indentation
      diagnostics.append(
        Diagnostic(
          .warning, "iomem.addresses-hidden", source: source, line: firstLine,
          "\(span): every address is zero, so /proc/iomem was read without root (CAP_SYS_ADMIN) and the kernel hid the addresses; names and nesting are kept from the indentation, no overlap is judged. Capture it again as root: `sudo cat /proc/iomem`"
        ))
      if !indented && entries.count > 1 {
        diagnostics.append(
          Diagnostic(
            .warning, "iomem.nesting-unknown", source: source, line: firstLine,
            "\(span): indentation is lost and addresses are hidden, so the nesting cannot be recovered; entries are listed flat"
          ))
      }
    } else if indented && !tabs {
      nesting = .indentation
    } else {
      nesting = .containment
      let why = tabs ? "indentation uses tabs" : "indentation was lost (flat paste)"
      diagnostics.append(
        Diagnostic(
          .note, "iomem.nesting-recovered", source: source, line: firstLine,
          "\(span): \(why); nesting recovered from which range contains which"))
    }
    var stack: [Int] = []
    for entry in entries {
      let index = nodes.count
      nodes.append(Flat(entry: entry))
      let parent: Int?
      switch nesting {
      case .indentation: parent = indentParent(entry, &stack, hidden: hidden)
      case .containment: parent = containmentParent(entry, &stack)
      }
      if !hidden { verify(entry, parent: parent) }
      if let parent { nodes[parent].children.append(index) } else { roots.append(index) }
      stack.append(index)
    }
    return IomemDump(
      source: source, firstLine: firstLine, lastLine: lastLine, roots: roots.map(tree), nesting: nesting,
      addressesHidden: hidden, width: entries.allSatisfy { $0.digits < 8 } ? 4 : 8)
  }

  private mutating func indentParent(_ e: IomemEntryLine, _ stack: inout [Int], hidden: Bool) -> Int? {
    if e.indent % 2 == 1 {
      note(
        e, "iomem.odd-indent", .note,
        "indentation of \(e.indent) columns is not a multiple of 2; read as depth \(e.indent / 2)")
    }
    var depth = e.indent / 2
    if depth > stack.count {
      note(
        e, "iomem.indent-jump", .warning,
        "indented to depth \(depth) but the entry before is at depth \(max(stack.count - 1, 0)); read as depth \(stack.count)"
      )
      depth = stack.count
    }
    if depth >= Self.maxPrintedDepth && !hidden {
      // The kernel prints every node at depth >= 5 with the same indent: containment decides.
      while stack.count > Self.maxPrintedDepth, let top = stack.last,
        !nodes[top].entry.range.contains(e.range)
      {
        stack.removeLast()
      }
      return stack.last
    }
    stack.removeLast(stack.count - depth)
    return stack.last
  }

  private mutating func containmentParent(_ e: IomemEntryLine, _ stack: inout [Int]) -> Int? {
    while let top = stack.last, !nodes[top].entry.range.contains(e.range) {
      stack.removeLast()
    }
    return stack.last
  }

  private mutating func verify(_ e: IomemEntryLine, parent: Int?) {
    if let parent, !nodes[parent].entry.range.contains(e.range) {
      let p = nodes[parent].entry
      note(
        e, "iomem.outside-parent", .error,
        "\(e.range.hex) `\(e.name)` is not inside its parent \(p.range.hex) `\(p.name)` (line \(p.provenance.line))"
      )
    }
    let last = parent.map { nodes[$0].children.last } ?? roots.last
    guard let previousIndex = last ?? nil else { return }
    let previous = nodes[previousIndex].entry
    if e.range.start < previous.range.start {
      note(
        e, "iomem.unsorted", .error,
        "\(e.range.hex) `\(e.name)` comes after its sibling \(previous.range.hex) `\(previous.name)` (line \(previous.provenance.line)) but starts below it; the kernel prints siblings sorted"
      )
    }
    if let overlap = e.range.intersection(previous.range) {
      note(
        e, "iomem.overlap", .error,
        "\(e.range.hex) `\(e.name)` overlaps its sibling \(previous.range.hex) `\(previous.name)` (line \(previous.provenance.line)) by \(overlap); siblings in the kernel's resource tree never overlap"
      )
    }
  }

  private mutating func note(
    _ e: IomemEntryLine, _ code: String, _ severity: Diagnostic.Severity, _ message: String
  ) {
    diagnostics.append(Diagnostic(severity, code, source: source, line: e.provenance.line, message))
  }

  private func tree(_ index: Int) -> ResourceNode {
    let flat = nodes[index]
    return ResourceNode(
      range: flat.entry.range, name: flat.entry.name, children: flat.children.map(tree),
      provenance: flat.entry.provenance)
  }
}
