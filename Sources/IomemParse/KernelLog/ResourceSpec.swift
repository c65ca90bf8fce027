public import ByteInput

/// A resource as `%pR` prints it (lib/vsprintf.c `resource_string`): `[mem 0xf8000000-0xfbffffff]`,
/// `[mem 0xfe0000000-0xfe07fffff 64bit pref]`, `[mem size 0x00100000 64bit]` (unset),
/// `[bus 00-ff]`, or `(null)` for a NULL pointer. The end is inclusive.
public struct ResourceSpec: Sendable, Hashable, CustomStringConvertible {
  public enum Space: String, Sendable {
    case mem, io, irq, dma, bus
    case unknown = "???"
  }

  public var space: Space
  /// The range, when one was printed (not for `size …` or `(null)`).
  public var range: AddressRange?
  /// For an unset resource: its size.
  public var size: UInt64?
  /// ` 64bit`, ` pref`, ` window`, ` disabled`, … in print order.
  public var flags: [String]
  /// `(null)`: the kernel had no resource to print.
  public var isNull: Bool

  /// The `%pR` text exactly as a %pR-only regex captured it.
  public let text: String

  public var description: String { text }

  /// Parses `[space …]` or `(null)` from the bytes a `%pR` capture matched; `nil` for anything
  /// else, including a cut-off `[mem 0xf8`. Reads the bytes in place (one per event, on the
  /// streaming path).
  public static func parse(_ text: ByteView) -> ResourceSpec? {
    let whole = String(decoding: text, as: UTF8.self)
    if whole == "(null)" {
      return ResourceSpec(space: .mem, range: nil, size: nil, flags: [], isNull: true, text: whole)
    }
    guard text.count >= 2, text[0] == UInt8(ascii: "["), text[text.count - 1] == UInt8(ascii: "]") else {
      return nil
    }
    var words = Words(text.extracting(1..<(text.count - 1)))
    guard let first = words.next(), let second = words.next(),
      let space = Space(rawValue: String(decoding: first, as: UTF8.self))
    else { return nil }
    let radixHex = space != .irq && space != .dma
    func number(_ w: ByteView) -> UInt64? {
      radixHex ? Hex.parsePrefixed(w) : UInt64(String(decoding: Hex.droppingPrefix(w), as: UTF8.self))
    }
    var range: AddressRange?
    var size: UInt64?
    if second.elementsEqual("size".utf8) {
      guard let word = words.next(), let value = number(word) else { return nil }
      size = value
    } else {
      let dash = second.firstIndex(of: UInt8(ascii: "-"))
      let startWord = dash.map { second.extracting(..<$0) } ?? second
      guard let start = number(startWord) else { return nil }
      let end = dash.map { number(second.extracting(($0 + 1)...)) } ?? start
      guard let end, let r = AddressRange(start: start, inclusiveEnd: end) else { return nil }
      range = r
    }
    var flags: [String] = []
    while let word = words.next() { flags.append(String(decoding: word, as: UTF8.self)) }
    return ResourceSpec(space: space, range: range, size: size, flags: flags, isNull: false, text: whole)
  }

  /// The space-separated words of a byte run.
  private struct Words {
    let bytes: ByteView
    var i = 0

    init(_ bytes: ByteView) { self.bytes = bytes }

    mutating func next() -> ByteView? {
      while i < bytes.count, bytes[i] == 0x20 { i += 1 }
      let start = i
      while i < bytes.count, bytes[i] != 0x20 { i += 1 }
      return i > start ? bytes.extracting(start..<i) : nil
    }
  }
}
