/// Where a value came from: the source as the user named it, the 1-based line there, and the
/// line's text as read (after mail repairs), so every finding can quote its evidence. `column`
/// is set when that physical line held several text lines (a blog post's `<br>`-joined lines):
/// the 1-based byte where this one starts.
public struct Provenance: Hashable, Sendable, CustomStringConvertible {
  public let source: String
  public let line: Int
  public let column: Int?
  public let text: String

  public init(source: String, line: Int, column: Int? = nil, text: String) {
    self.source = source
    self.line = line
    self.column = column
    self.text = text
  }

  /// Whether this line comes before `other` in their input (by line, then column).
  public func precedes(_ other: Provenance) -> Bool { (line, column ?? 0) < (other.line, other.column ?? 0) }

  /// `source:line`, or `source:line:column` when the line held several.
  public var description: String { column.map { "\(source):\(line):\($0)" } ?? "\(source):\(line)" }
}
