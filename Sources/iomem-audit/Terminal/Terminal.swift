import ByteInput
import ByteOutput
import IomemParse

#if canImport(Glibc)
  import Glibc
#endif

/// Standard streams without Foundation: machine output on stdout, everything else on stderr.
enum Terminal {
  static func out(_ text: String) {
    write(fd: 1, text)
  }

  static func error(_ text: String) {
    write(fd: 2, text.hasSuffix("\n") ? text : text + "\n")
  }

  /// A closed stdout (`iomem-audit check logs/ | head`) makes writes fail instead of killing the
  /// process with SIGPIPE (status 141 in a shell), so the exit status stays the documented
  /// 0, 1 or 2 a CI job acts on.
  static func keepRunningWhenOutputCloses() {
    signal(SIGPIPE, SIG_IGN)
  }

  /// Writes all of `text` (see `ByteView.write(toDescriptor:)`).
  static func write(fd: Int32, _ text: String) {
    text.withByteView { _ = $0.write(toDescriptor: fd) }
  }

  /// Reads a small file (a baseline, a list) whole, `-` from stdin; `nil` when it cannot be read.
  static func readFile(_ path: String) -> String? {
    var bytes: [UInt8] = []
    do {
      try LineReader(path: path).forEachLine { line, _ in
        bytes.append(contentsOf: line)
        bytes.append(0x0A)
      }
    } catch {
      return nil
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Writes a small file whole; false when it cannot be created.
  static func writeFile(_ path: String, _ text: String) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    write(fd: fd, text)
    return true
  }

  static var stdinIsTerminal: Bool { isatty(0) == 1 }
  static var stderrIsTerminal: Bool { isatty(2) == 1 }

  /// Colour only on a terminal whose TERM is not `dumb`, and never with `NO_COLOR` set.
  /// Whether the locale is UTF-8 (LC_ALL, else LC_CTYPE, else LANG): box-drawing characters are
  /// used only then.
  static var utf8Locale: Bool {
    for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
      guard let value = getenv(name).map({ String(cString: $0) }), !value.isEmpty else { continue }
      let lower = value.lowercased()
      return lower.contains("utf-8") || lower.contains("utf8")
    }
    return false
  }

  static func wantsColor(fd: Int32) -> Bool {
    guard isatty(fd) == 1 else { return false }
    if let noColor = getenv("NO_COLOR").map({ String(cString: $0) }), !noColor.isEmpty { return false }
    if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
    return true
  }
}

/// An input that could not be used: printed as `iomem-audit: message`, exit status 2.
struct UsageFailure: Error, CustomStringConvertible {
  let description: String
}
