/// The three views of a parsed dump that `iomem-audit parse` prints.
extension IomemDump {
  /// The canonical /proc/iomem text, as the kernel's `r_show` prints it: two spaces per depth
  /// capped at depth 5, addresses zero-padded to the dump's width.
  public func kernelText() -> String {
    var out = ""
    for root in roots {
      root.walk { node, depth in
        out += String(repeating: " ", count: 2 * min(depth, IomemNester.maxPrintedDepth))
        out += Hex.padded(node.range.start, width: width) + "-"
        out += Hex.padded(node.range.end, width: width) + " : " + node.name + "\n"
      }
    }
    return out
  }

  /// An indented tree with human sizes, kinds and source lines: what a person reads, and the
  /// oracle tests compare against.
  public func treeText() -> String {
    var out = ""
    for root in roots {
      root.walk { node, depth in
        out += String(repeating: "  ", count: depth)
        out += addressesHidden ? "(hidden)" : node.range.hex
        if !addressesHidden { out += " " + ByteSize.human(node.range.size) }
        out += " \(node.name) [\(node.kind)] @\(node.provenance.line)\n"
      }
    }
    return out
  }

  /// `[{"start","end","name","kind","line","children"}]`.
  public var resourcesJSON: JSONValue { .array(roots.map(\.json)) }

  public var json: JSONValue {
    .object([
      ("first_line", .int(firstLine)), ("last_line", .int(lastLine)),
      ("nesting", .string(nesting.rawValue)), ("addresses_hidden", .bool(addressesHidden)),
      ("resources", resourcesJSON),
    ])
  }
}

extension ResourceNode {
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("start", .string(Hex.prefixed(range.start))), ("end", .string(Hex.prefixed(range.end))),
      ("size", .int(Int(clamping: range.size))),
      ("name", .string(name)), ("kind", .string(kind.description)), ("line", .int(provenance.line)),
    ]
    switch kind {
    case .pciDevice(let id), .vmbusDevice(let id), .pciBus(let id), .pnpDevice(let id):
      members.append(("owner", .string(id)))
    default: break
    }
    members.append(("children", .array(children.map(\.json))))
    return .object(members)
  }
}

extension IomemDocument {
  /// Writes the `parse --format json` document (pretty, as `json` would) node by node, calling
  /// `flush` whenever the buffer passes 64 KiB: a million-entry dump never exists as one value.
  public func writeJSON(to out: inout ByteBuffer, flush: (inout ByteBuffer) -> Void) {
    func text(_ s: String) { out.append(s) }
    func member(_ key: String, _ value: JSONValue, last: Bool = false) {
      text("  \"\(key)\": ")
      value.write(to: &out, pretty: true, indent: 1)
      text(last ? "\n" : ",\n")
    }
    func nodes(_ roots: [ResourceNode], indent: Int) {
      let pad = String(repeating: "  ", count: indent)
      if roots.isEmpty { return text("[]") }
      text("[")
      for (i, root) in roots.enumerated() {
        text((i > 0 ? "," : "") + "\n" + pad + "  ")
        root.json.write(to: &out, pretty: true, indent: indent + 1)
        if out.count >= 1 << 16 { flush(&out) }
      }
      text("\n" + pad + "]")
    }
    text("{\n")
    member("schema_version", .int(JSONSchema.version))
    member("source", .string(source))
    text("  \"resources\": ")
    nodes(first?.roots ?? [], indent: 1)
    text(",\n  \"blocks\": [")
    for (i, dump) in dumps.enumerated() {
      text((i > 0 ? "," : "") + "\n    {\n")
      for (key, value) in [
        ("first_line", JSONValue.int(dump.firstLine)), ("last_line", .int(dump.lastLine)),
        ("nesting", .string(dump.nesting.rawValue)), ("addresses_hidden", .bool(dump.addressesHidden)),
      ] {
        text("      \"\(key)\": ")
        value.write(to: &out, pretty: true, indent: 3)
        text(",\n")
      }
      text("      \"resources\": ")
      nodes(dump.roots, indent: 3)
      text("\n    }")
    }
    text(dumps.isEmpty ? "],\n" : "\n  ],\n")
    for (i, (key, value)) in tailMembers.enumerated() { member(key, value, last: i == tailMembers.count - 1) }
    text("}\n")
    flush(&out)
  }

  /// The `parse --format json` document.
  public var json: JSONValue {
    .object(
      [
        ("schema_version", .int(JSONSchema.version)), ("source", .string(source)),
        ("resources", first?.resourcesJSON ?? .array([])),
        ("blocks", .array(dumps.map(\.json))),
      ] + tailMembers)
  }

  /// Everything after the trees: ioports, diagnostics and the line account.
  private var tailMembers: [(String, JSONValue)] {
    let account: JSONValue = .object([
      ("total", .int(lines.total)), ("entries", .int(lines.entries)), ("ioports", .int(lines.ioports)),
      ("bad", .int(lines.bad)), ("elisions", .int(lines.elisions)), ("blank", .int(lines.blank)),
      ("skipped", .int(lines.skipped)), ("joined", .int(lines.joined)),
      (
        "skipped_spans",
        .array(lines.skippedSpans.spans.map { .array([.int($0.lowerBound), .int($0.upperBound)]) })
      ),
    ])
    return [
      ("ioports", .array(ioports.map(\.json))), ("diagnostics", .array(diagnostics.map(\.json))),
      ("lines", account),
    ]
  }
}
