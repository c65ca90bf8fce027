extension String {
  /// Without trailing spaces and tabs.
  public func trimmingTrailingSpaces() -> String {
    var s = Substring(self)
    while let last = s.last, last == " " || last == "\t" { s.removeLast() }
    return String(s)
  }

  /// Without leading and trailing spaces and tabs.
  func trimmingSpaces() -> String {
    String(trimmingTrailingSpaces().drop { $0 == " " || $0 == "\t" })
  }
}
