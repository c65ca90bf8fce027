/// Why an input could not be read; each case names the input so the message stands on its own.
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
  case cannotOpen(path: String, reason: String)
  case isDirectory(path: String)
  case readFailed(path: String, reason: String)
  /// Not text: compressed, a vmcore, an archive; `hint` says what to run instead.
  case notText(path: String, what: String, hint: String)

  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason): "\(path): cannot open: \(reason)"
    case .isDirectory(let path): "\(path): is a directory, not a file"
    case .readFailed(let path, let reason): "\(path): read failed: \(reason)"
    case .notText(let path, let what, let hint): "\(path): is \(what); \(hint)"
    }
  }
}
