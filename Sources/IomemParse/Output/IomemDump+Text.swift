/// The text views of a parsed dump that `iomem-audit parse` prints (`--format iomem` and `tree`;
/// `json` is `IomemDocument.write(to:)`).
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
}
