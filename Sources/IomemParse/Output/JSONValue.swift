/// A JSON document built in code and printed with keys in the order given, so output diffs stay
/// stable; avoids Foundation (its import alone costs milliseconds of startup).
public enum JSONValue: Sendable, Equatable {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)
  case null
  /// A value already written, by `fragment`, at the indent and in the style it sits at in the
  /// document: appended as is, so the parts of a large document can be written side by side.
  case written(String)

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.serialized() == rhs.serialized()
  }

  /// Compact (one line) or pretty-printed with two-space indentation.
  public func serialized(pretty: Bool = false) -> String {
    var out = ByteBuffer()
    write(to: &out, pretty: pretty, indent: 0)
    return out.text
  }

  /// Writes the document to `sink` in pieces of about a mebibyte, so a large one is never held
  /// whole (`check --format json` on a log of 100 000 boots).
  public func stream(pretty: Bool, to sink: (UnsafeRawBufferPointer) -> Void) {
    withoutActuallyEscaping(sink) { sink in
      var out = ByteBuffer(capacity: 1 << 20, sink: sink)
      write(to: &out, pretty: pretty, indent: 0)
      out.flush()
    }
  }

  /// This value written now, as it will sit `indent` levels deep in a document printed with
  /// `pretty`; only valid there.
  public func fragment(pretty: Bool, indent: Int) -> JSONValue {
    var out = ByteBuffer()
    write(to: &out, pretty: pretty, indent: indent)
    return .written(out.text)
  }

  /// Appends the UTF-8 bytes: byte appends, not `String` concatenation.
  public func write(to out: inout ByteBuffer, pretty: Bool, indent: Int) {
    switch self {
    case .object(let members):
      if members.isEmpty { return out.append("{}") }
      out.append(0x7B)
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out.append(0x2C) }
        if pretty { newline(&out, indent + 1) }
        JSONBytes.string(key, to: &out)
        out.append(0x3A)
        if pretty { out.append(0x20) }
        value.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      if pretty { newline(&out, indent) }
      out.append(0x7D)
    case .array(let items):
      if items.isEmpty { return out.append("[]") }
      out.append(0x5B)
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(0x2C) }
        if pretty { newline(&out, indent + 1) }
        item.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      if pretty { newline(&out, indent) }
      out.append(0x5D)
    case .string(let s): JSONBytes.string(s, to: &out)
    case .int(let n): JSONBytes.int(n, to: &out)
    case .double(let d): JSONBytes.double(d, to: &out)
    case .bool(let b): JSONBytes.literal(b ? "true" : "false", to: &out)
    case .null: JSONBytes.literal("null", to: &out)
    case .written(let text): out.append(text)
    }
  }

  private func newline(_ out: inout ByteBuffer, _ indent: Int) {
    out.append(0x0A)
    out.append(0x20, repeating: 2 * indent)
  }
}

extension AddressRange {
  /// `{"start":"0x…","end":"0x…"}`, the range shape every JSON output uses.
  public var json: JSONValue {
    .object([("start", .string(Hex.prefixed(start))), ("end", .string(Hex.prefixed(end)))])
  }
}

extension Diagnostic {
  public var json: JSONValue {
    .object([
      ("severity", .string(severity.rawValue)), ("code", .string(code)), ("source", .string(source)),
      ("line", .int(line)), ("message", .string(message)),
    ])
  }
}
