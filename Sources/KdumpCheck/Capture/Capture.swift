import IomemParse

/// One VM's captures, read and joined: every artifact (a boot of a log, a /proc/iomem dump)
/// with its kernel and why, one graph per kernel, the first/kdump pairs (incidents), the claims
/// inferred from the allocation rules, and the platform. Nothing here crosses VMs: a run of many
/// VMs builds one `Capture` each.
public struct Capture: Sendable {
  /// The VM's id: its path relative to the fleet root (empty for a single unnamed VM).
  public let vm: String
  /// The files read once each (a file whose content repeats an earlier one is listed in
  /// `artifacts` as a duplicate and not read again).
  public private(set) var files: [CaptureFile] = []
  public private(set) var artifacts: [Artifact] = []
  public private(set) var graphs: [BootGraph] = []
  /// The incidents: each first kernel and the kdump kernel that followed it.
  public private(set) var pairs: [KernelPair] = []
  public private(set) var platform = Platform()
  /// Notes on how inputs were joined (overrides against the evidence, dumps compared).
  public private(set) var notes: [String] = []
  /// Sources in input order, with what each turned out to hold.
  public private(set) var sources: [CaptureSource] = []
  /// Files of the VM's capture that were not read, each with the reason.
  public let skipped: [SkippedInput]
  /// What the VM's command output and configuration files say about the running system.
  public private(set) var system: RunningSystem
  /// A long log's boots checked and released before these (`SegmentedCheck`).
  public let earlier: EarlierBoots?
  /// For each boot's graph, the graph of the boot before it in the same input.
  private var previousBoots: [Int?] = []
  private var lineOwners = LineOwners([])

  public init(
    vm: String = "", files: [CaptureFile], skipped: [SkippedInput] = [],
    options: CheckOptions = CheckOptions(), earlier: EarlierBoots? = nil
  ) {
    self.init(vm: vm, files: files, skipped: skipped, options: options, earlier: earlier, continuing: false)
  }

  /// With `continuing`, the files' boots go on after these (a segment of a long log): their
  /// last boot is not the last of its input.
  init(
    vm: String, files: [CaptureFile], skipped: [SkippedInput], options: CheckOptions, earlier: EarlierBoots?,
    continuing: Bool
  ) {
    self.vm = vm
    self.skipped = skipped
    self.earlier = earlier
    system = RunningSystem(files)
    dropRepeatedFiles(files)
    buildBootGraphs(options, continuing: continuing)
    linkBoots()
    placeDumps(options)
    pairKernels()
    Inference.run(&graphs, pairs: pairs)
    platform = Platform.detect(graphs, system)
    if let earlier { platform = earlier.platform.followed(by: platform) }
    lineOwners = LineOwners(graphs)
    listCommandOutput()
  }

  /// Adds a note on how the inputs were read (shown with INPUTS).
  public mutating func addNote(_ note: String) { notes.append(note) }

  /// Each command's output or configuration file becomes an artifact of the first kernel: it
  /// was read on the running system.
  private mutating func listCommandOutput() {
    for file in files {
      for (n, section) in file.shell.sections.enumerated() {
        var reason = "\(section.kind.rawValue) (\(section.origin)) read on the running system"
        if section.unrecognized > 0 {
          reason +=
            "; \(section.unrecognized) line\(section.unrecognized == 1 ? "" : "s") in it not understood"
        }
        artifacts.append(
          Artifact(
            kind: .commandOutput, source: file.source, files: [section.source], index: n,
            firstLine: section.firstLine, lastLine: section.lastLine, kernel: .first, reason: reason,
            proven: true,
            evidence: [], graph: nil))
      }
    }
  }

  /// Puts an evidence line under the kernel it was printed by: an inferred claim of one kernel
  /// can rest on lines of the other (a kdump window predicted from the first kernel's log).
  public func attribute(_ evidence: Evidence) -> Evidence {
    guard let g = lineOwners.graph(of: evidence.provenance) else { return evidence }
    let owner = graphs[g]
    var attributed = evidence
    attributed.boot = owner.bootIndex
    attributed.role = owner.role
    return attributed
  }

  /// Whether graph `g` comes before the earlier boots in the VM's order: its input is read
  /// before theirs.
  func precedesEarlier(_ g: Int) -> Bool {
    guard let first = earlier?.runs.first?.source,
      let mine = files.firstIndex(where: { $0.source == graphs[g].source }),
      let theirs = files.firstIndex(where: { $0.source == first })
    else { return false }
    return mine < theirs
  }

  /// Graphs of one role (kdump graphs include presumed ones only through `pairs`).
  public func graphs(_ role: BootRole) -> [BootGraph] { graphs.filter { $0.role == role } }

  /// A file whose boots and dumps all repeat an earlier file's (the same file given twice, or
  /// copied into two places of a bundle) is read once.
  private mutating func dropRepeatedFiles(_ given: [CaptureFile]) {
    var seen: [Int: [CaptureFile]] = [:]
    func content(_ f: CaptureFile) -> [[String]] {
      f.log.boots.map(ArtifactFingerprint.messages) + f.iomem.dumps.map(ArtifactFingerprint.entries)
    }
    for file in given {
      let hash = ArtifactFingerprint.contentHash(of: file)
      let empty = file.log.boots.isEmpty && file.iomem.dumps.isEmpty
      if !empty, let earlier = seen[hash]?.first(where: { content($0) == content(file) }) {
        sources.append(CaptureSource(file, duplicateOf: earlier.source))
        continue
      }
      // A long log whose earlier boots were released holds only its last ones here: no other
      // file repeats it whole.
      if self.earlier?.run(of: file.source) == nil { seen[hash, default: []].append(file) }
      sources.append(CaptureSource(file, duplicateOf: nil))
      files.append(file)
    }
  }

  private mutating func buildBootGraphs(_ options: CheckOptions, continuing: Bool) {
    let anyKdump =
      !(earlier?.kdumpSources.isEmpty ?? true)
      || files.contains { file in
        options.kdumpSources.contains(file.source) || file.log.boots.contains { $0.role == .kdump }
      }
    var matcher = BootMatcher()
    // Only another input can hold a boot twice.
    let matching = files.count > 1
    for file in files {
      let boots = file.log.boots.filter { $0.messages > 0 }
      let hasKdump =
        earlier?.kdumpSources.contains(file.source) == true || file.log.boots.contains { $0.role == .kdump }
      for (i, boot) in boots.enumerated() {
        var artifact = Artifact(
          kind: .boot, source: file.source, files: boot.files, index: boot.index, firstLine: boot.firstLine,
          lastLine: boot.lastLine, kernel: boot.role, reason: boot.roleReason, proven: boot.role != .unknown,
          evidence: boot.roleEvidence, ending: boot.ending)
        if matching,
          let earlier = matcher.candidates(boot).first(where: {
            graphs[$0].boot.map { ArtifactFingerprint.sameBoot($0, boot) } ?? false
          })
        {
          let kept = graphs[earlier].boot!
          if ArtifactFingerprint.messages(of: boot).count > ArtifactFingerprint.messages(of: kept).count {
            // The later read holds more of the boot (a journal beside a wrapped ring buffer): keep it.
            let replaced = artifacts.firstIndex { $0.graph == earlier }!
            artifacts[replaced].graph = nil
            artifacts[replaced].duplicateOf = "\(file.source) boot \(boot.index)"
            graphs[earlier] = GraphBuilder.graph(
              boot: boot, role: graphs[earlier].role, reason: graphs[earlier].roleReason)
            matcher.insert(boot, graph: earlier)
            artifact.kernel = graphs[earlier].role
            artifact.reason = graphs[earlier].roleReason
            artifact.graph = earlier
          } else {
            artifact.duplicateOf = "\(kept.source) boot \(kept.index)"
          }
          artifacts.append(artifact)
          continue
        }
        if let role = options.role(of: file.source) {
          artifact.reason = Self.overrideReason(role, boot: boot)
          artifact.kernel = role
          artifact.proven = true
        } else if boot.role == .unknown, anyKdump, i == boots.count - 1, !continuing, !hasKdump {
          artifact.kernel = .first
          artifact.reason =
            "assumed: another input holds the kdump kernel, and this is the last boot of \(file.source)"
        }
        artifact.graph = graphs.count
        artifacts.append(artifact)
        if matching { matcher.insert(boot, graph: graphs.count) }
        graphs.append(GraphBuilder.graph(boot: boot, role: artifact.kernel, reason: artifact.reason))
      }
    }
  }

  /// The user's word wins; where the boot's own command line says otherwise, INPUTS says so.
  private static func overrideReason(_ role: BootRole, boot: KernelBoot) -> String {
    let flag = role == .kdump ? "--kdump" : "--first"
    guard boot.role != .unknown, boot.role != role else { return "given with \(flag)" }
    return "given with \(flag), against the evidence (\(boot.roleReason)); following the user"
  }

  /// Gives every dump its kernel, from the strongest evidence there is, and merges it into that
  /// kernel's graph; a second dump of the same kernel is compared with the first.
  private mutating func placeDumps(_ options: CheckOptions) {
    var crashRegions = (earlier?.crashRegions ?? []) + graphs.flatMap { $0.claims(.crashKernel) }
    for file in files {
      for dump in file.iomem.dumps where !dump.addressesHidden {
        for root in dump.roots {
          root.walk { node, _ in
            if node.kind == .crashKernel {
              crashRegions.append(
                ResourceClaim(range: node.range, kind: .crashKernel, provenance: [node.provenance]))
            }
          }
        }
      }
    }
    var seenDumps: [(key: [String], label: String)] = []
    for file in files {
      for (n, dump) in file.iomem.dumps.enumerated() {
        var artifact = Artifact(
          kind: .iomemDump, source: file.source, files: [dump.source], index: n, firstLine: dump.firstLine,
          lastLine: dump.lastLine,
          kernel: options.iomemOf, reason: "", proven: false, evidence: [])
        let key = ArtifactFingerprint.entries(of: dump)
        if let earlier = seenDumps.first(where: { $0.key == key }) {
          artifact.duplicateOf = earlier.label
          artifact.reason = "the same dump as \(earlier.label)"
          artifacts.append(artifact)
          continue
        }
        seenDumps.append((key, artifact.label))
        let running = runningBoot(when: dump, in: file)
        if let role = options.role(of: file.source) {
          artifact.kernel = role
          artifact.reason = "given with \(role == .kdump ? "--kdump" : "--first")"
          artifact.proven = true
          if let decided = DumpKernel.decide(dump, crashRegions: crashRegions), decided.role != role {
            artifact.reason += ", against the evidence (\(decided.reason)); following the user"
          }
        } else if let decided = DumpKernel.decide(dump, crashRegions: crashRegions) {
          artifact.kernel = decided.role
          artifact.reason = decided.reason
          artifact.proven = decided.proven
          artifact.evidence = decided.evidence
        } else if let named = FileNameRole.role(ofPath: file.source, dump: true) {
          artifact.kernel = named.role
          artifact.reason = named.reason
          artifact.proven = true
        } else if let running, graphs[running].role != .unknown {
          artifact.kernel = graphs[running].role
          artifact.reason =
            "read while \(graphs[running].boot!.source) boot \(graphs[running].bootIndex) ran: its lines come before the dump in the same input"
          artifact.proven = artifacts.first { $0.graph == running }?.proven ?? false
        } else {
          artifact.reason =
            options.iomemOf == .kdump
            ? "given with --iomem-of kdump"
            : "a /proc/iomem dump is read in the running (first) kernel unless --iomem-of kdump or its content says otherwise"
        }
        artifact.graph = mergeTarget(for: artifact, running: running)
        let target = artifact.graph!
        if let existing = graphs[target].iomem {
          let other = graphs[target].iomemSource ?? ""
          notes.append(
            DumpComparison.note(
              existing, source: other, against: dump, source: file.source, kernel: graphs[target].label))
          artifact.reason += "; compared with the dump already merged into that kernel"
        } else {
          GraphBuilder.merge(dump, source: file.source, into: &graphs[target])
        }
        if !artifact.proven, artifact.kernel == .kdump { graphs[target].roleProven = false }
        artifacts.append(artifact)
      }
    }
  }

  /// The boot that was running when `dump` was read: in the same input, the last boot whose
  /// lines start before the dump (in a rotated log, by file, then by line).
  private func runningBoot(when dump: IomemDump, in file: CaptureFile) -> Int? {
    let dumpStart = (file.files.firstIndex(of: dump.source) ?? 0, dump.firstLine)
    return graphs.indices.last { k in
      guard let boot = graphs[k].boot, boot.source == file.source else { return false }
      return (file.files.firstIndex(of: boot.firstFile) ?? 0, boot.firstLine) < dumpStart
    }
  }

  /// The graph a dump of `artifact.kernel` goes into: the running boot of the same input when it
  /// is that kernel (or, for a first-kernel dump, of unknown role and not a kdump candidate),
  /// else the same input's last such boot, else the VM's last kernel of that role (or such an
  /// unknown boot), else a graph of its own.
  private mutating func mergeTarget(for artifact: Artifact, running: Int?) -> Int {
    let role = artifact.kernel
    func fits(_ i: Int) -> Bool {
      graphs[i].role == role || (role == .first && graphs[i].role == .unknown && !isKdumpCandidate(i))
    }
    if let running, fits(running) { return running }
    if let same = graphs.indices.last(where: { graphs[$0].boot?.source == artifact.source && fits($0) }) {
      return same
    }
    if role != .unknown,
      let any = graphs.indices.last(where: { graphs[$0].role == role && graphs[$0].boot != nil })
    {
      return any
    }
    if role == .first, let any = graphs.indices.last(where: { graphs[$0].boot != nil && fits($0) }) {
      return any
    }
    if let own = graphs.indices.first(where: { graphs[$0].boot == nil && graphs[$0].role == role }) {
      return own
    }
    var g = BootGraph(
      id: "\(artifact.source)#iomem\(artifact.index)", boot: nil, role: role, roleReason: artifact.reason)
    g.iomemSource = artifact.source
    graphs.append(g)
    return graphs.count - 1
  }

  /// A boot of unknown role right after a boot of the same input that panicked or whose log
  /// stops: it may be the kdump kernel, so it is paired as a presumed one.
  func isKdumpCandidate(_ k: Int) -> Bool {
    guard graphs[k].role == .unknown, let previous = previousBoot(k) else { return false }
    return graphs[previous].role != .kdump
      && [BootEnding.panic, .cutOff].contains(graphs[previous].boot!.ending)
  }

  /// The boot before graph `k` in the same input (the last graph of that input holding an
  /// earlier boot), from the table `linkBoots` made.
  private func previousBoot(_ k: Int) -> Int? { k < previousBoots.count ? previousBoots[k] : nil }

  /// Fills `previousBoots` in one pass. An input's boots are kept in order, so the boot before
  /// one is the input's graph kept before it; an input whose graph was replaced by a longer read
  /// from another input (out of order) is searched in full.
  private mutating func linkBoots() {
    var bySource: [String: [Int]] = [:]
    for k in graphs.indices { if let boot = graphs[k].boot { bySource[boot.source, default: []].append(k) } }
    previousBoots = Array(repeating: nil, count: graphs.count)
    for list in bySource.values {
      let inOrder = zip(list, list.dropFirst()).allSatisfy { graphs[$0].boot!.index < graphs[$1].boot!.index }
      for (n, k) in list.enumerated() {
        if inOrder {
          previousBoots[k] = n > 0 ? list[n - 1] : nil
        } else {
          let index = graphs[k].boot!.index
          previousBoots[k] = list.last { $0 != k && graphs[$0].boot!.index < index }
        }
      }
    }
  }

  /// Pairs each kdump kernel with the first kernel it ran after: the boot before it in the same
  /// input, else the VM's last first kernel in another input (or of a dump alone). A boot that
  /// only may be the kdump kernel (`isKdumpCandidate`) is paired too, marked unproven.
  private mutating func pairKernels() {
    // The VM's last two first kernels with a boot from different inputs, and its last two
    // first kernels at all: what the fallbacks below ask for, found once.
    var lastFirstWithBoot: [Int] = []
    var lastFirst: [Int] = []
    for j in graphs.indices.reversed() where graphs[j].role == .first {
      if lastFirst.count < 2 { lastFirst.append(j) }
      if graphs[j].boot != nil, lastFirstWithBoot.count < 2,
        lastFirstWithBoot.allSatisfy({ graphs[$0].source != graphs[j].source })
      {
        lastFirstWithBoot.append(j)
      }
      if lastFirst.count == 2 && lastFirstWithBoot.count == 2 { break }
    }
    var lastBefore: [String: Int] = [:]
    var paired = Set<Int>()
    for k in graphs.indices {
      let source = graphs[k].source
      if graphs[k].role == .kdump {
        let first =
          lastBefore[source]
          ?? lastFirstWithBoot.first { graphs[$0].source != source }
          ?? lastFirst.first { $0 != k }
        if let first {
          pairs.append(KernelPair(first: first, kdump: k, kdumpProven: graphs[k].roleProven))
          paired.insert(k)
        }
      } else if graphs[k].boot != nil {
        lastBefore[source] = k
      }
    }
    var artifactOfGraph: [Int: Int] = [:]
    for (a, artifact) in artifacts.enumerated() {
      if let g = artifact.graph, artifactOfGraph[g] == nil { artifactOfGraph[g] = a }
    }
    for k in graphs.indices where isKdumpCandidate(k) {
      guard let f = previousBoot(k), !paired.contains(k) else { continue }
      pairs.append(KernelPair(first: f, kdump: k, kdumpProven: false))
      let previous = graphs[f].boot!
      let position =
        previous.ending == .panic
        ? "it follows the panic of boot \(previous.index) (line \(previous.endingEvidence.last?.line ?? previous.lastLine)), so it may be the capture kernel"
        : "it follows boot \(previous.index), whose log stops without an ending, so it may be the capture kernel"
      if let a = artifactOfGraph[k] {
        artifacts[a].reason += "; \(position) (presumed, not proven)"
        artifacts[a].evidence += previous.endingEvidence
      }
    }
  }
}
