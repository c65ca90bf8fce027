/// Something a reader noticed about its input: a bad line, a repair, skipped text.
///
/// `code` is stable across wording changes (tests and scripts match on it); `message` is what a
/// person reads.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  public enum Severity: String, Sendable, Comparable, CaseIterable {
    case info, note, warning, error

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  public let severity: Severity
  public let code: String
  public let source: String
  /// 1-based line, or 0 when the diagnostic is about the whole input.
  public let line: Int
  public let message: String

  public init(_ severity: Severity, _ code: String, source: String, line: Int, _ message: String) {
    self.severity = severity
    self.code = code
    self.source = source
    self.line = line
    self.message = message
  }

  /// `file:12: warning: message [code]`, the compiler-style form editors can jump to.
  public var description: String {
    let location = line > 0 ? "\(source):\(line)" : source
    return "\(location): \(severity.rawValue): \(message) [\(code)]"
  }
}
