public import JSONText

/// The shapes every document writes address ranges and resources in, defined once.
extension JSONWriter {
  /// `{"start": "0x…", "end": "0x…"}`, `end` inclusive.
  public mutating func range(_ range: AddressRange) {
    beginObject()
    hexMember("start", range.start)
    hexMember("end", range.end)
    endObject()
  }

  public mutating func member(_ key: StaticString, _ range: AddressRange) {
    self.key(key)
    self.range(range)
  }

  /// `{"space","start","end","flags"}`, `{"space","size","flags"}` for a resource without an
  /// address, or `null` for `(null)`.
  mutating func resourceMember(_ key: StaticString, _ r: ResourceSpec) {
    self.key(key)
    if r.isNull { return null() }
    beginObject()
    member("space", r.space.rawValue)
    if let range = r.range {
      hexMember("start", range.start)
      hexMember("end", range.end)
    }
    if let size = r.size { hexMember("size", size) }
    member("flags", r.flags)
    endObject()
  }
}
