public import JSONText

/// `parse --format json` (docs/json.md), written node by node through the writer: with a
/// buffer that has a sink, a million-entry dump never exists as one value or one string.
extension IomemDocument {
  /// `{"schema_version", "source", "resources", "blocks", "ioports", "diagnostics", "lines"}`:
  /// `resources` is the first dump's tree, `blocks` every dump.
  public func write(to w: inout JSONWriter) {
    w.beginObject()
    w.member("schema_version", JSONSchema.version)
    w.member("source", source)
    w.key("resources")
    ResourceNode.write(first?.roots ?? [], to: &w)
    w.key("blocks")
    w.beginArray()
    for dump in dumps { dump.write(to: &w) }
    w.endArray()
    w.key("ioports")
    w.beginArray()
    for dump in ioports { dump.write(to: &w) }
    w.endArray()
    w.key("diagnostics")
    w.beginArray()
    for diagnostic in diagnostics { diagnostic.write(to: &w) }
    w.endArray()
    w.key("lines")
    w.beginObject()
    w.member("total", lines.total)
    w.member("entries", lines.entries)
    w.member("ioports", lines.ioports)
    w.member("bad", lines.bad)
    w.member("elisions", lines.elisions)
    w.member("blank", lines.blank)
    w.member("skipped", lines.skipped)
    w.member("joined", lines.joined)
    w.key("skipped_spans")
    w.beginArray()
    for span in lines.skippedSpans.spans {
      w.beginArray()
      w.int(span.lowerBound)
      w.int(span.upperBound)
      w.endArray()
    }
    w.endArray()
    w.endObject()
    w.endObject()
  }
}

extension IomemDump {
  /// `{"first_line", "last_line", "nesting", "addresses_hidden", "resources"}`.
  func write(to w: inout JSONWriter) {
    w.beginObject()
    w.member("first_line", firstLine)
    w.member("last_line", lastLine)
    w.member("nesting", nesting.rawValue)
    w.member("addresses_hidden", addressesHidden)
    w.key("resources")
    ResourceNode.write(roots, to: &w)
    w.endObject()
  }
}

extension ResourceNode {
  /// `[{"start", "end", "size", "name", "kind", "line", "owner", "children"}]`; `owner` for PCI
  /// devices and buses, VMBus GUIDs and PNP devices.
  static func write(_ nodes: [ResourceNode], to w: inout JSONWriter) {
    w.beginArray()
    for node in nodes { node.write(to: &w) }
    w.endArray()
  }

  func write(to w: inout JSONWriter) {
    w.beginObject()
    w.hexMember("start", range.start)
    w.hexMember("end", range.end)
    w.member("size", Int(clamping: range.size))
    w.member("name", name)
    w.member("kind", kind.description)
    w.member("line", provenance.line)
    switch kind {
    case .pciDevice(let id), .vmbusDevice(let id), .pciBus(let id), .pnpDevice(let id): w.member("owner", id)
    default: break
    }
    w.key("children")
    Self.write(children, to: &w)
    w.endObject()
  }
}

extension Diagnostic {
  /// `{"severity", "code", "source", "line", "message"}`.
  public func write(to w: inout JSONWriter) {
    w.beginObject()
    w.member("severity", severity.rawValue)
    w.member("code", code)
    w.member("source", source)
    w.member("line", line)
    w.member("message", message)
    w.endObject()
  }
}
