/// A JSON document as a value: what `JSONParser` reads (journal records, baselines, our own
/// output read back in tests), members in the order given. Written through `JSONWriter`;
/// avoids Foundation (its import alone costs milliseconds of startup).
public enum JSONValue: Sendable, Equatable {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)
  case null

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.serialized() == rhs.serialized()
  }

  /// Compact (one line) or pretty-printed with two-space indentation.
  public func serialized(pretty: Bool = false) -> String {
    var out = JSONWriter(pretty: pretty)
    out.value(self)
    return out.text
  }
}
