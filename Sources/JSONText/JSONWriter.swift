public import ByteOutput

/// The one JSON encoder of the package: every command and format writes through it, straight
/// into a byte buffer, with no tree needed (a `JSONValue` is written through it too). It places
/// the commas, and in pretty mode the newlines and the two-space indentation, so a caller only
/// says what comes next: `key`, a value, `beginObject`/`endObject`, `beginArray`/`endArray`.
/// Keys are snake_case in every document but SARIF, whose schema names its own.
///
/// Pretty output is the layout `JSONValue` always had: one member or element per line, empty
/// containers as `{}` and `[]`. `compact` writes one value on a single line inside a pretty
/// document (`events --format json` puts each event on one line).
public struct JSONWriter: ~Copyable {
  /// The bytes written so far; text around the document (an NDJSON newline) is appended here.
  public var bytes: ByteBuffer
  @usableFromInline var pretty: Bool
  /// How many containers are open.
  @usableFromInline var depth: Int
  /// The innermost open container has nothing in it yet.
  @usableFromInline var empty = true
  /// The next value takes no separator: a key was just written, or the writer is at the top.
  @usableFromInline var valueExpected = true

  /// A writer appending to `bytes`; `depth` is how deep the first value sits in its document
  /// (a part of a document written apart, see `written`).
  public init(pretty: Bool, depth: Int = 0, into bytes: consuming ByteBuffer = ByteBuffer()) {
    self.bytes = bytes
    self.pretty = pretty
    self.depth = depth
  }

  /// The text written so far.
  public var text: String { bytes.text }

  // MARK: Structure

  /// Before a member's key or an array's element: the comma, then in pretty mode the new line.
  @inlinable @inline(__always)
  mutating func separate() {
    if !empty { bytes.append(0x2C) }
    empty = false
    if pretty { newline() }
  }

  @inlinable @inline(__always)
  mutating func beforeValue() {
    if valueExpected {
      valueExpected = false
    } else if depth > 0 {
      separate()
    }
  }

  @usableFromInline
  mutating func newline() {
    bytes.append(0x0A)
    bytes.append(0x20, repeating: 2 * depth)
  }

  @inlinable
  public mutating func beginObject() {
    beforeValue()
    bytes.append(0x7B)
    depth += 1
    empty = true
  }

  @inlinable
  public mutating func endObject() { close(0x7D) }

  @inlinable
  public mutating func beginArray() {
    beforeValue()
    bytes.append(0x5B)
    depth += 1
    empty = true
  }

  @inlinable
  public mutating func endArray() { close(0x5D) }

  @inlinable @inline(__always)
  mutating func close(_ bracket: UInt8) {
    depth -= 1
    if !empty, pretty { newline() }
    bytes.append(bracket)
    // The container just closed is a value of the one around it.
    empty = false
    if depth == 0 { valueExpected = true }
  }

  /// An object whose members `body` writes.
  @inlinable
  public mutating func object(_ body: (inout JSONWriter) -> Void) {
    beginObject()
    body(&self)
    endObject()
  }

  /// An array whose elements `body` writes.
  @inlinable
  public mutating func array(_ body: (inout JSONWriter) -> Void) {
    beginArray()
    body(&self)
    endArray()
  }

  /// The one value `body` writes, on one line whatever the mode.
  @inlinable
  public mutating func compact(_ body: (inout JSONWriter) -> Void) {
    beforeValue()
    valueExpected = true
    let outer = pretty
    pretty = false
    body(&self)
    pretty = outer
  }

  /// A member's key (and the colon); its value comes next.
  @inlinable
  public mutating func key(_ key: StaticString) {
    guard !pretty else {
      separate()
      bytes.append(0x22)
      bytes.append(key)
      bytes.append(0x22)
      return keyEnd()
    }
    // Compact (every NDJSON member): `,"key":` in one append.
    let k = key.utf8CodeUnitCount
    let comma = empty ? 0 : 1
    bytes.append(count: comma &+ k &+ 3) { q in
      q[0] = 0x2C  // the quote goes over it when no comma is due
      q[comma] = 0x22
      q.update(at: comma &+ 1, from: key)
      q[comma &+ 1 &+ k] = 0x22
      q[comma &+ 2 &+ k] = 0x3A
    }
    empty = false
    valueExpected = true
  }

  /// A key that is data (a severity, a verdict), escaped as any string.
  public mutating func key(_ key: String) {
    separate()
    JSONScalar.string(key, to: &bytes)
    keyEnd()
  }

  @inlinable @inline(__always)
  mutating func keyEnd() {
    if pretty {
      bytes.append(count: 2) { p in
        p[0] = 0x3A
        p[1] = 0x20
      }
    } else {
      bytes.append(0x3A)
    }
    valueExpected = true
  }

  /// A value written apart, by a writer made with this one's style and the depth the value
  /// sits at, appended as is: the parts of a large document can be written side by side.
  public mutating func written(_ text: String) {
    beforeValue()
    bytes.append(text)
  }

  // MARK: Values

  @inlinable
  public mutating func string(_ value: String) {
    beforeValue()
    JSONScalar.string(value, to: &bytes)
  }

  @inlinable
  public mutating func int(_ value: Int) {
    beforeValue()
    JSONScalar.int(value, to: &bytes)
  }

  /// As Swift prints it; `null` for infinity and NaN, which JSON cannot hold.
  @inlinable
  public mutating func double(_ value: Double) {
    beforeValue()
    JSONScalar.double(value, to: &bytes)
  }

  @inlinable
  public mutating func bool(_ value: Bool) {
    beforeValue()
    JSONScalar.literal(value ? "true" : "false", to: &bytes)
  }

  @inlinable
  public mutating func null() {
    beforeValue()
    JSONScalar.literal("null", to: &bytes)
  }

  /// `"0x…"` in lower case, how every address is written.
  @inlinable
  public mutating func hex(_ value: UInt64) {
    beforeValue()
    JSONScalar.hex(value, to: &bytes)
  }

  // MARK: Members

  @inlinable
  public mutating func member(_ key: StaticString, _ value: String) {
    self.key(key)
    string(value)
  }

  @inlinable
  public mutating func member(_ key: StaticString, _ value: Int) {
    self.key(key)
    int(value)
  }

  @inlinable
  public mutating func member(_ key: StaticString, _ value: Bool) {
    self.key(key)
    bool(value)
  }

  /// The string, or `null` when absent.
  @inlinable
  public mutating func member(_ key: StaticString, _ value: String?) {
    self.key(key)
    if let value { string(value) } else { null() }
  }

  /// The truth value, or `null` when not known.
  @inlinable
  public mutating func member(_ key: StaticString, _ value: Bool?) {
    self.key(key)
    if let value { bool(value) } else { null() }
  }

  /// The number, or `null` when absent.
  @inlinable
  public mutating func member(_ key: StaticString, _ value: Int?) {
    self.key(key)
    if let value { int(value) } else { null() }
  }

  /// The number, or `null` when absent.
  @inlinable
  public mutating func member(_ key: StaticString, _ value: Double?) {
    self.key(key)
    if let value { double(value) } else { null() }
  }

  /// `"0x…"`, or `null` when absent.
  @inlinable
  public mutating func hexMember(_ key: StaticString, _ value: UInt64?) {
    self.key(key)
    if let value { hex(value) } else { null() }
  }

  /// An array of strings.
  public mutating func member(_ key: StaticString, _ values: [String]) {
    self.key(key)
    array { w in for value in values { w.string(value) } }
  }

  /// A document built as a tree.
  public mutating func value(_ value: JSONValue) {
    switch value {
    case .object(let members):
      object { w in
        for (key, member) in members {
          w.key(key)
          w.value(member)
        }
      }
    case .array(let items): array { w in for item in items { w.value(item) } }
    case .string(let s): string(s)
    case .int(let n): int(n)
    case .double(let d): double(d)
    case .bool(let b): bool(b)
    case .null: null()
    }
  }
}
