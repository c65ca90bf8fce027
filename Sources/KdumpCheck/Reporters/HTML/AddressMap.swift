import IomemParse

/// The physical axis two kernels' claims share, laid out so an 8 KiB config window and a
/// 64 GiB high window are both visible: every boundary of every claim (and 4 GiB) cuts the axis
/// into intervals; an interval some claim covers gets a height that grows with the logarithm
/// of its size, an interval no claim covers collapses to a thin gap.
struct AddressMap {
  struct Region {
    var claim: ResourceClaim
    /// How many other claims of the same kernel contain it (drawn indented).
    var depth: Int
  }

  /// Address boundaries, ascending, and the y of each.
  private(set) var boundaries: [UInt64] = []
  private(set) var ys: [Double] = []
  /// Intervals no claim covers (a gap), by the index of their lower boundary.
  private(set) var gaps: Set<Int> = []
  let columns: [[Region]]

  static let shownKinds: Set<ClaimKind> = [
    .ram, .crashKernel, .swiotlb, .firmwareFramebuffer, .vmbusWindow, .framebufferReservation,
    .gen1FramebufferBar, .videoVRAM, .hvPciConfigWindow, .hvPciBusWindow, .vmbusAllocation, .pciRootBusWindow,
    .pciBar,
  ]

  init(_ graphs: [BootGraph], extra: [AddressRange] = []) {
    columns = graphs.map { g in
      // One box per kind and range: the same claim read from the log and from /proc/iomem is
      // one region (the seen one, when one of them is).
      var claims: [ResourceClaim] = []
      for c in g.claims where Self.shownKinds.contains(c.kind) {
        if let i = claims.firstIndex(where: { $0.kind == c.kind && $0.range == c.range }) {
          if claims[i].certainty == .inferred, c.certainty == .seen { claims[i] = c }
          claims[i].provenance += c.provenance.filter { !claims[i].provenance.contains($0) }
        } else {
          claims.append(c)
        }
      }
      // Claims on the same range nest in their order (the later one drawn inside).
      return claims.enumerated().map { i, c in
        let containing = claims.enumerated().filter { j, o in
          o.range.contains(c.range) && (o.range != c.range || j < i)
        }
        return Region(claim: c, depth: containing.count)
      }
      .sorted { ($0.depth, $0.claim.range.start) < ($1.depth, $1.claim.range.start) }
    }
    let ranges = columns.flatMap { $0.map(\.claim.range) } + extra
    var cuts = Set<UInt64>()
    for r in ranges {
      cuts.insert(r.start)
      if r.end < UInt64.max { cuts.insert(r.end + 1) }
    }
    if !ranges.isEmpty { cuts.insert(1 << 32) }
    boundaries = cuts.sorted()
    var y = 0.0
    for (i, start) in boundaries.enumerated() {
      ys.append(y)
      guard i + 1 < boundaries.count else { break }
      let end = boundaries[i + 1] - 1
      let covered = ranges.contains { $0.start <= end && $0.end >= start }
      if covered {
        let size = Double(end - start + 1)
        y += min(90, 16 + 5 * max(0, (size / 4096).log2))
      } else {
        gaps.insert(i)
        y += 10
      }
    }
  }

  var height: Double { ys.last ?? 0 }

  /// The y of an address that is a boundary (every claim's start and end + 1 are).
  func y(_ address: UInt64) -> Double {
    guard let i = boundaries.firstIndex(where: { $0 >= address }) else { return height }
    return ys[i]
  }

  /// Top and bottom of a range on the axis.
  func span(_ r: AddressRange) -> (top: Double, bottom: Double) {
    (y(r.start), r.end == UInt64.max ? height : y(r.end + 1))
  }
}

extension Double {
  fileprivate var log2: Double {
    var x = self
    var n = 0.0
    while x >= 2 {
      x /= 2
      n += 1
    }
    return n + (x - 1)
  }
}
