import IomemParse

/// Everything a customer captured, read and joined: one graph per kernel, the iomem dumps merged
/// into the kernel they were taken in, the first/kdump pairs, and the claims inferred from the
/// allocation rules where nothing was printed.
public struct Capture: Sendable {
  public let files: [CaptureFile]
  public private(set) var graphs: [BootGraph] = []
  public private(set) var pairs: [KernelPair] = []
  /// Notes on how inputs were joined (which dump went into which kernel, assumptions made).
  public private(set) var notes: [String] = []

  public init(files: [CaptureFile], options: CheckOptions = CheckOptions()) {
    self.files = files
    buildGraphs(options)
    mergeIomem(options)
    pairKernels()
    Inference.run(&graphs, pairs: pairs)
  }

  /// Puts an evidence line under the kernel it was printed by: an inferred claim of one kernel
  /// can rest on lines of the other (a kdump window predicted from the first kernel's log).
  public func attribute(_ evidence: Evidence) -> Evidence {
    let p = evidence.provenance
    let owner = graphs.first { g in
      if let boot = g.boot, boot.source == p.source, (boot.firstLine...boot.lastLine).contains(p.line) {
        return true
      }
      if let dump = g.iomem, g.iomemSource == p.source, (dump.firstLine...dump.lastLine).contains(p.line) {
        return true
      }
      return false
    }
    guard let owner else { return evidence }
    var attributed = evidence
    attributed.boot = owner.bootIndex
    attributed.role = owner.role
    return attributed
  }

  /// Graphs of one role (kdump graphs include presumed ones only through `pairs`).
  public func graphs(_ role: BootRole) -> [BootGraph] { graphs.filter { $0.role == role } }

  private mutating func buildGraphs(_ options: CheckOptions) {
    let anyKdump =
      files.contains { file in
        options.kdumpSources.contains(file.source) || file.log.boots.contains { $0.role == .kdump }
      }
    for file in files {
      let boots = file.log.boots.filter { $0.messages > 0 }
      for (i, boot) in boots.enumerated() {
        var role = boot.role
        var reason = boot.roleReason
        if options.kdumpSources.contains(file.source) {
          role = .kdump
          reason = "given with --kdump"
        } else if options.firstSources.contains(file.source) {
          role = .first
          reason = "given with --first"
        } else if role == .unknown, anyKdump, i == boots.count - 1,
          !file.log.boots.contains(where: { $0.role == .kdump })
        {
          role = .first
          reason =
            "assumed: another input holds the kdump kernel, and this is the last boot of \(file.source)"
        }
        graphs.append(GraphBuilder.graph(boot: boot, role: role, reason: reason))
      }
    }
  }

  private mutating func mergeIomem(_ options: CheckOptions) {
    for file in files {
      for (n, dump) in file.iomem.dumps.enumerated() {
        guard n == 0 else {
          notes.append(
            "\(file.source): /proc/iomem dump \(n + 1) (lines \(dump.firstLine)-\(dump.lastLine)) is listed by `parse` but not merged; only the first dump of an input is checked"
          )
          continue
        }
        let target = iomemTarget(for: file.source, role: options.iomemOf)
        if let target {
          GraphBuilder.merge(dump, source: file.source, into: &graphs[target])
          notes.append(
            "\(file.source): /proc/iomem (lines \(dump.firstLine)-\(dump.lastLine)) merged into \(graphs[target].id) (\(graphs[target].role.rawValue) kernel)"
          )
        } else {
          var g = BootGraph(
            id: "\(file.source)#iomem", boot: nil, role: options.iomemOf,
            roleReason: options.iomemOf == .kdump
              ? "given with --iomem-of kdump"
              : "a /proc/iomem dump is read in the running (first) kernel unless --iomem-of kdump says otherwise"
          )
          GraphBuilder.merge(dump, source: file.source, into: &g)
          graphs.append(g)
        }
      }
    }
  }

  /// The kernel a dump belongs to: of the wanted role in the same input, else anywhere, else
  /// (for the first kernel) the same input's earliest boot that is not a kdump kernel.
  private func iomemTarget(for source: String, role: BootRole) -> Int? {
    let sameInput = graphs.indices.filter { graphs[$0].boot?.source == source && graphs[$0].iomem == nil }
    if let i = sameInput.first(where: { graphs[$0].role == role }) { return i }
    if let i = graphs.indices.first(where: {
      graphs[$0].role == role && graphs[$0].iomem == nil && graphs[$0].boot != nil
    }) {
      return i
    }
    guard role == .first else { return nil }
    return sameInput.first { graphs[$0].role != .kdump }
      ?? graphs.indices.first {
        graphs[$0].role != .kdump && graphs[$0].boot != nil && graphs[$0].iomem == nil
      }
  }

  private mutating func pairKernels() {
    for k in graphs.indices where graphs[k].role == .kdump {
      let source = graphs[k].source
      let before = graphs.indices.filter {
        $0 < k && graphs[$0].source == source && graphs[$0].role != .kdump
      }
      let first =
        before.last
        ?? graphs.indices.last { graphs[$0].role == .first && graphs[$0].source != source }
      if let first { pairs.append(KernelPair(first: first, kdump: k, kdumpProven: true)) }
    }
    guard pairs.isEmpty else { return }
    // No proven kdump kernel: a later boot in the same input is the candidate, marked unproven.
    for k in graphs.indices where graphs[k].role == .unknown && graphs[k].boot != nil {
      if let f = graphs.indices.last(where: {
        $0 < k && graphs[$0].source == graphs[k].source && graphs[$0].boot != nil
      }) {
        pairs.append(KernelPair(first: f, kdump: k, kdumpProven: false))
      }
    }
  }
}
