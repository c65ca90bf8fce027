/// A document `{"schema_version": N, "<key>": [ … ]}` written an element at a time, for the
/// commands that stream (`events`, `boots`): its head, the separator before each element, and
/// its tail — one place for the framing both write.
public struct StreamedJSONArray: Sendable {
  public let key: String
  /// Elements written so far.
  public private(set) var count = 0

  public init(key: String) { self.key = key }

  public var head: String { "{\n  \"schema_version\": \(JSONSchema.version),\n  \"\(key)\": [" }

  /// What goes before the next element (counted as written).
  public mutating func separator() -> String {
    defer { count += 1 }
    return count == 0 ? "\n    " : ",\n    "
  }

  public var tail: String { count == 0 ? "]\n}\n" : "\n  ]\n}\n" }
}
