/// How serious a finding is; `--fail-on` compares against it.
public enum Severity: String, Sendable, Comparable, CaseIterable {
  case info, note, warning, error

  private var rank: Int { Severity.allCases.firstIndex(of: self)! }
  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

  /// SARIF has no `info`: it is reported as `note`.
  public var sarifLevel: String { self == .info ? "note" : rawValue }
}
