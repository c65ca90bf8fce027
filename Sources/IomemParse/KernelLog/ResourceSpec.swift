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

  /// Parses `[space …]` or `(null)`; `nil` for anything else, including a cut-off `[mem 0xf8`.
  public static func parse(_ text: Substring) -> ResourceSpec? {
    if text == "(null)" {
      return ResourceSpec(space: .mem, range: nil, size: nil, flags: [], isNull: true, text: String(text))
    }
    guard text.first == "[", text.last == "]" else { return nil }
    let bytes = Array(text.utf8.dropFirst().dropLast())
    var words: [ArraySlice<UInt8>] = []
    var i = 0
    while i < bytes.count {
      while i < bytes.count, bytes[i] == 0x20 { i += 1 }
      let start = i
      while i < bytes.count, bytes[i] != 0x20 { i += 1 }
      if i > start { words.append(bytes[start..<i]) }
    }
    guard words.count >= 2, let space = Space(rawValue: String(decoding: words[0], as: UTF8.self)) else {
      return nil
    }
    var range: AddressRange?
    var size: UInt64?
    var flagStart = 2
    let radixHex = space != .irq && space != .dma
    func number(_ w: ArraySlice<UInt8>) -> UInt64? {
      var digits = w
      if digits.count > 2, digits[digits.startIndex] == UInt8(ascii: "0"),
        digits[digits.startIndex + 1] | 0x20 == UInt8(ascii: "x")
      {
        digits = digits.dropFirst(2)
      }
      if !radixHex { return UInt64(String(decoding: digits, as: UTF8.self)) }
      guard case .value(let v) = digits.withUnsafeBytes({ Hex.parse($0) }) else { return nil }
      return v
    }
    if words[1].elementsEqual("size".utf8) {
      guard words.count >= 3, let value = number(words[2]) else { return nil }
      size = value
      flagStart = 3
    } else {
      let w = words[1]
      let dash = w.firstIndex(of: UInt8(ascii: "-"))
      guard let start = number(dash.map { w[..<$0] } ?? w) else { return nil }
      let end = dash.map { number(w[($0 + 1)...]) } ?? start
      guard let end, let r = AddressRange(start: start, inclusiveEnd: end) else { return nil }
      range = r
    }
    return ResourceSpec(
      space: space, range: range, size: size,
      flags: words.dropFirst(flagStart).map { String(decoding: $0, as: UTF8.self) }, isNull: false,
      text: String(text))
  }
}
