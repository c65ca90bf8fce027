internal import ByteInput
internal import LineScan

/// Decides when a stamp-less line continues the message before it: a command line or a `%pR`
/// that a mail client or an 80-column console wrapped.
enum Continuation {
  static func hasOpenBracket(_ b: [UInt8]) -> Bool {
    var depth = 0
    for c in b {
      if c == UInt8(ascii: "[") { depth += 1 } else if c == UInt8(ascii: "]") { depth -= 1 }
    }
    return depth > 0
  }

  private static let bareParameters: Set<String> = [
    "ro", "rw", "quiet", "splash", "reset_devices", "irqpoll", "noefi", "nokaslr", "single",
    "acpi_no_memhotplug", "nousb", "nomodeset", "earlyprintk", "debug", "panic_on_warn",
    "disable_cpu_apicid", "novmcoredd", "cgroup_disable", "hest_disable", "udev.children-max",
  ]

  static func isCommandLine(_ b: [UInt8]) -> Bool {
    b.starts(with: Array("Command line:".utf8)) || b.starts(with: Array("Kernel command line:".utf8))
  }

  /// True when `next` (a bare line) belongs to `previous` (a held kernel message).
  static func joins(_ previous: [UInt8], _ next: ByteView) -> Bool {
    guard !next.isEmpty else { return false }
    if hasOpenBracket(previous) {
      return next.contains(UInt8(ascii: "]"))
    }
    guard isCommandLine(previous) else { return false }
    let tokens = String(decoding: next, as: UTF8.self).split(separator: " ")
    guard !tokens.isEmpty else { return false }
    let parameterLike = tokens.filter { t in
      t.contains("=") || bareParameters.contains(String(t))
    }
    return parameterLike.count * 2 >= tokens.count
      && !tokens.contains { $0.hasSuffix(".") && !$0.contains("=") }
  }

  private static func isNumberByte(_ c: UInt8) -> Bool {
    ByteLanes.hexValue(c) != nil || c == UInt8(ascii: "-") || c == UInt8(ascii: "x")
  }

  /// Joins with a space, except where an 80-column console cut a word (no space was lost).
  static func join(_ previous: [UInt8], _ next: ByteView, previousLength: Int) -> [UInt8] {
    var out = previous
    var blank = 0
    while blank < next.count, next[blank] == 0x20 || next[blank] == 0x09 { blank += 1 }
    let trimmed = next.extracting(blank...)
    let consoleCut = previousLength % 80 == 0 && previous.last != 0x20
    // Inside `[mem 0x…-0x…]` no space ever falls between two hex digits or around `-`.
    let numberCut =
      hasOpenBracket(previous) && (previous.last.map(isNumberByte) ?? false)
      && (trimmed.first.map(isNumberByte) ?? false)
    if !consoleCut, !numberCut, out.last != 0x20 { out.append(0x20) }
    out.append(contentsOf: trimmed)
    return out
  }
}
