import IomemParse

/// The codes of a document's diagnostics, which tests compare.
extension IomemDocument {
  func codes(_ severity: Diagnostic.Severity? = nil) -> [String] {
    diagnostics.filter { severity == nil || $0.severity == severity }.map(\.code)
  }

  func diagnostic(_ code: String) -> Diagnostic? { diagnostics.first { $0.code == code } }
}
