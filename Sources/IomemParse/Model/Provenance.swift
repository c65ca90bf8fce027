/// Where a value came from: the source as the user named it, the 1-based line there, and the
/// line's text as read (after mail repairs), so every finding can quote its evidence.
public struct Provenance: Hashable, Sendable, CustomStringConvertible {
  public let source: String
  public let line: Int
  public let text: String

  public init(source: String, line: Int, text: String) {
    self.source = source
    self.line = line
    self.text = text
  }

  public var description: String { "\(source):\(line)" }
}
