internal import ByteInput
internal import PCRE2

/// One event kind's recogniser: a literal the message must start with (the cheap prefilter),
/// a PCRE2 pattern for the fields, and a builder from the captures to the typed event.
struct EventPattern: Sendable {
  let prefix: [UInt8]
  let lazy: LazyRegex
  var regex: PCRE2Regex { lazy.regex }
  /// Capture groups, counted without compiling: `(` not followed by `?` and not escaped.
  let captureCount: Int
  /// Throws when a field the pattern matched cannot be read (a number past 64 bits): no event.
  let build: @Sendable (Captures) throws -> EventKind?

  init(
    _ prefix: String, _ pattern: String,
    _ build: @escaping @Sendable (Captures) throws -> EventKind?
  ) {
    self.prefix = Array(prefix.utf8)
    // Patterns are constants of the catalog; every one is compiled by the tests.
    self.lazy = LazyRegex(pattern)
    var count = 0
    var escaped = false
    var inClass = false
    let chars = Array(pattern.utf8)
    for (i, c) in chars.enumerated() {
      if escaped {
        escaped = false
        continue
      }
      if c == UInt8(ascii: "\\") {
        escaped = true
        continue
      }
      if c == UInt8(ascii: "[") { inClass = true } else if c == UInt8(ascii: "]") { inClass = false }
      if !inClass, c == UInt8(ascii: "("), i + 1 < chars.count, chars[i + 1] != UInt8(ascii: "?") {
        count += 1
      }
    }
    self.captureCount = count
    self.build = build
  }
}

/// Capture groups of one match, read as the types the kernel printed.
struct Captures {
  let bytes: ByteView
  let match: PCRE2Match

  func string(_ group: Int) -> String? {
    guard let r = match[group] else { return nil }
    return String(decoding: bytes.extracting(r), as: UTF8.self)
  }

  /// The bytes a group matched, read in place.
  func bytes(_ group: Int) -> ByteView? {
    match[group].map { bytes.extracting($0) }
  }

  func hex(_ group: Int) -> UInt64? { bytes(group).flatMap { Hex.parsePrefixed($0) } }
  func int(_ group: Int) -> Int? { string(group).flatMap { Int($0) } }
  func uint(_ group: Int) -> UInt64? { string(group).flatMap { UInt64($0) } }
  func resource(_ group: Int) -> ResourceSpec? { bytes(group).flatMap { ResourceSpec.parse($0) } }

  /// A field the pattern requires but that does not read as its type (e.g. a 17-digit address).
  struct Unreadable: Error {}

  func stringValue(_ group: Int) throws(Unreadable) -> String { try required(string(group)) }
  func hexValue(_ group: Int) throws(Unreadable) -> UInt64 { try required(hex(group)) }
  func intValue(_ group: Int) throws(Unreadable) -> Int { try required(int(group)) }
  func uintValue(_ group: Int) throws(Unreadable) -> UInt64 { try required(uint(group)) }
  func resourceValue(_ group: Int) throws(Unreadable) -> ResourceSpec { try required(resource(group)) }

  private func required<T>(_ value: T?) throws(Unreadable) -> T {
    guard let value else { throw Unreadable() }
    return value
  }
}

/// Regex fragments for what the kernel prints with `%pUl`, `dev_name()` of a PCI function and `%pR`.
enum Fragment {
  static let guid = "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
  static let bdf = "([0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7])"
  static let resource = "(\\[(?:mem|io|irq|dma|bus|\\?\\?\\?) [^\\]]*\\]|\\(null\\))"
  /// `BAR 0`, `ROM`, `VF BAR 2`, `bridge window` (pci_resource_name(), 6.8+).
  static let barName = "(BAR \\d+|ROM|VF BAR \\d+|bridge window|CardBus bridge window \\d)"
}
