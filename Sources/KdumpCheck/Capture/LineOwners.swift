import IomemParse

/// Which graph printed a line: for each file, the line spans of the boots and dumps read from
/// it, sorted, so attributing a finding's evidence is a binary search instead of a scan of
/// every graph. Where a boot and a dump both hold a line, the graph kept first wins.
struct LineOwners: Sendable {
  private struct Span: Sendable {
    var first: Int
    var last: Int
    var graph: Int
  }
  private var boots: [String: [Span]] = [:]
  private var dumps: [String: [Span]] = [:]

  init(_ graphs: [BootGraph]) {
    for (g, graph) in graphs.enumerated() {
      if let boot = graph.boot {
        for (k, file) in boot.files.enumerated() {
          boots[file, default: []].append(
            Span(
              first: k > 0 ? Int.min : boot.firstLine,
              last: k < boot.files.count - 1 ? Int.max : boot.lastLine,
              graph: g))
        }
      }
      if let dump = graph.iomem {
        dumps[dump.source, default: []].append(Span(first: dump.firstLine, last: dump.lastLine, graph: g))
      }
    }
    for key in boots.keys { boots[key]!.sort { $0.first < $1.first } }
    for key in dumps.keys { dumps[key]!.sort { $0.first < $1.first } }
  }

  /// The graph whose boot or dump holds `p`, if any.
  func graph(of p: Provenance) -> Int? {
    let found = [boots[p.source], dumps[p.source]].compactMap { spans in
      spans.flatMap { Self.find(p.line, in: $0) }
    }
    return found.min()
  }

  /// The span holding `line` among spans that do not overlap, sorted by their first line.
  private static func find(_ line: Int, in spans: [Span]) -> Int? {
    var low = 0
    var high = spans.count
    while low < high {
      let mid = (low + high) / 2
      if spans[mid].first <= line { low = mid + 1 } else { high = mid }
    }
    guard low > 0, spans[low - 1].last >= line else { return nil }
    return spans[low - 1].graph
  }
}
