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
    var words = text.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true)
    guard let first = words.first, let space = Space(rawValue: String(first)) else { return nil }
    words.removeFirst()
    guard !words.isEmpty else { return nil }
    var range: AddressRange?
    var size: UInt64?
    if words[0] == "size" {
      guard words.count >= 2, let value = Hex.parse(words[1]) else { return nil }
      size = value
      words.removeFirst(2)
    } else {
      let bounds = words[0].split(separator: "-", maxSplits: 1)
      let radixHex = space != .irq && space != .dma
      func number(_ s: Substring) -> UInt64? { radixHex ? Hex.parse(s) : UInt64(s) }
      guard let start = number(bounds[0]) else { return nil }
      let end = bounds.count == 2 ? number(bounds[1]) : start
      guard let end, let r = AddressRange(start: start, inclusiveEnd: end) else { return nil }
      range = r
      words.removeFirst()
    }
    return ResourceSpec(
      space: space, range: range, size: size, flags: words.map(String.init), isNull: false,
      text: String(text))
  }

  /// JSON: `{"space","start","end","flags"}` (or `null` / size for unset ones).
  public var json: JSONValue {
    if isNull { return .null }
    var members: [(String, JSONValue)] = [("space", .string(space.rawValue))]
    if let range {
      members += [("start", .string(Hex.prefixed(range.start))), ("end", .string(Hex.prefixed(range.end)))]
    }
    if let size { members.append(("size", .string(Hex.prefixed(size)))) }
    members.append(("flags", .array(flags.map { .string($0) })))
    return .object(members)
  }
}
