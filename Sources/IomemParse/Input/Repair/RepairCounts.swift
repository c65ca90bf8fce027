/// What the repair layer undid in one input, counted, so a report can say per artifact how its
/// text was recovered (and a user can judge how far to trust a line that was rebuilt).
public struct RepairCounts: Sendable, Equatable, Hashable {
  public var quotedPrintableEscapes = 0
  public var softLineBreaks = 0
  public var htmlBreaks = 0
  public var htmlTags = 0
  public var htmlEntities = 0
  public var quotePrefixes = 0
  public var forumTags = 0
  public var boldPairs = 0
  public var codeSpans = 0
  public var fences = 0
  public var indentedBlocks = 0
  /// The largest common indent removed from an indented code block, in columns.
  public var indentRemoved = 0
  public var nonBreakingSpaces = 0

  public init() {}

  public var isEmpty: Bool { self == RepairCounts() }

  /// Adds what another file of the same stream (a rotated log's) had undone.
  public mutating func add(_ other: RepairCounts) {
    quotedPrintableEscapes += other.quotedPrintableEscapes
    softLineBreaks += other.softLineBreaks
    htmlBreaks += other.htmlBreaks
    htmlTags += other.htmlTags
    htmlEntities += other.htmlEntities
    quotePrefixes += other.quotePrefixes
    forumTags += other.forumTags
    boldPairs += other.boldPairs
    codeSpans += other.codeSpans
    fences += other.fences
    indentedBlocks += other.indentedBlocks
    indentRemoved = max(indentRemoved, other.indentRemoved)
    nonBreakingSpaces += other.nonBreakingSpaces
  }

  /// `quoted-printable: 12 escapes decoded, 3 soft line breaks joined; email quotes: 30 prefixes
  /// removed`, one clause per form found.
  public var summary: String {
    var parts: [String] = []
    func clause(_ form: String, _ items: [(Int, String, String)]) {
      let said = items.filter { $0.0 > 0 }.map { "\($0.0) \($0.0 == 1 ? $0.1 : $0.2)" }
      if !said.isEmpty { parts.append("\(form): " + said.joined(separator: ", ")) }
    }
    clause(
      "quoted-printable",
      [
        (quotedPrintableEscapes, "escape decoded", "escapes decoded"),
        (softLineBreaks, "soft line break joined", "soft line breaks joined"),
      ])
    clause(
      "HTML",
      [
        (htmlBreaks, "line break", "line breaks"), (htmlTags, "tag removed", "tags removed"),
        (htmlEntities, "entity decoded", "entities decoded"),
      ])
    let indent = "(up to \(indentRemoved) columns of indent removed)"
    clause(
      "markdown",
      [
        (fences, "code fence", "code fences"), (boldPairs, "bold mark", "bold marks"),
        (codeSpans, "code span", "code spans"),
        (indentedBlocks, "indented code block " + indent, "indented code blocks " + indent),
      ])
    clause("forum markup", [(forumTags, "tag removed", "tags removed")])
    clause("email quotes", [(quotePrefixes, "prefix removed", "prefixes removed")])
    clause("non-breaking spaces", [(nonBreakingSpaces, "replaced", "replaced")])
    return parts.joined(separator: "; ")
  }
}

extension RepairCounts {
  /// `read as quoted-printable, email quoting; undone: …` for an input found in `forms`, or
  /// `nil` for a clean one.
  public static func note(forms: PasteForms, counts: RepairCounts) -> String? {
    guard !forms.isEmpty else { return nil }
    let undone = counts.isEmpty ? "nothing needed undoing" : "undone: " + counts.summary
    return "read as \(forms.names.joined(separator: ", ")); \(undone)"
  }
}

extension Diagnostic {
  /// The repair note of an input as a diagnostic, or `nil` for a clean input.
  static func repaired(_ forms: PasteForms, _ counts: RepairCounts, source: String) -> Diagnostic? {
    RepairCounts.note(forms: forms, counts: counts).map {
      Diagnostic(.note, "input.repaired", source: source, line: 0, $0)
    }
  }
}
