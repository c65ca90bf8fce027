import IomemParse

/// Findings use the same scale as reader diagnostics: info < note < warning < error.
public typealias Severity = Diagnostic.Severity

extension Diagnostic.Severity {
  /// SARIF has no `info`: it is reported as `note`.
  public var sarifLevel: String { self == .info ? "note" : rawValue }
}
