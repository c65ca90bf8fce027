/// A pattern PCRE2 refused to compile, with PCRE2's own message and the byte offset it points at.
public struct PCRE2Error: Error, Sendable, Equatable, CustomStringConvertible {
  /// The pattern as given.
  public let pattern: String
  /// PCRE2's error text (`pcre2_get_error_message`).
  public let message: String
  /// Byte offset into `pattern` where PCRE2 stopped.
  public let offset: Int

  public var description: String {
    "invalid pattern at offset \(offset): \(message) in /\(pattern)/"
  }
}
