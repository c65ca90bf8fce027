/// Why an input could not be read; each case names the input so the message stands on its own.
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
  case cannotOpen(path: String, reason: String)
  case isDirectory(path: String)
  case readFailed(path: String, reason: String)
  /// Not text: an image, a vmcore, a program; `hint` says what to run instead.
  case notText(path: String, what: String, hint: String)
  /// An archive (tar, zip…), which `check` reads as a capture root of files, not as one text.
  case isArchive(path: String, what: String)

  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason): "\(path): cannot open: \(reason)"
    case .isDirectory(let path): "\(path): is a directory, not a file"
    case .readFailed(let path, let reason): "\(path): read failed: \(reason)"
    case .notText(let path, let what, let hint): "\(path): is \(what); \(hint)"
    case .isArchive(let path, let what):
      path == "-"
        ? "-: is \(what) of files; an archive is read from its path, not standard input: save it and run `iomem-audit check FILE`"
        : "\(path): is \(what) of files; `iomem-audit check \(path)` reads it as a capture (a VM, or a fleet of them), other commands read one file: extract the one you need"
    }
  }
}
