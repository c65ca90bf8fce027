import IomemParse

/// What the boots of a long log leave behind once they are checked and released
/// (`SegmentedCheck`): per input a count of them, and the few facts the VM's later boots,
/// verdict, gaps and reports read from all boots — the platform, crash kernel regions, the
/// first proven incident, the kernel releases. Its size grows with distinct facts, not boots,
/// apart from `keys` (4 bytes a boot) that tell whether another input holds the same boots.
public struct EarlierBoots: Sendable {
  /// One input's released boots: a contiguous run from its first boot.
  public struct Run: Sendable {
    public var source: String
    /// The files the run's lines lie in, oldest first (several for a rotated log).
    public var files: [String] = []
    public var firstIndex = 0
    public var lastIndex = 0
    public var firstLine = 0
    public var lastLine = 0
    public var boots = 0
    /// Boots by the kernel they were taken for.
    public var first = 0
    public var kdump = 0
    public var unknown = 0
    /// First/kdump pairs among the run's boots, and how many of them are only presumed.
    public var incidents = 0
    public var presumedIncidents = 0

    /// `lines 1-46600`, or `kern.log.2 line 1 to kern.log line 120` across files.
    public var lineSpan: String {
      files.count <= 1
        ? "lines \(firstLine)-\(lastLine)"
        : "\(files[0]) line \(firstLine) to \(files[files.count - 1]) line \(lastLine)"
    }

    /// `19 744 boots (6 582 first, 6 581 kdump, 6 581 unknown kernels; 6 581 incidents)`.
    public var summary: String {
      var kinds: [String] = []
      if first > 0 { kinds.append("\(first) first") }
      if kdump > 0 { kinds.append("\(kdump) kdump") }
      if unknown > 0 { kinds.append("\(unknown) unknown") }
      var text =
        "\(boots) boot\(boots == 1 ? "" : "s") (\(kinds.joined(separator: ", ")) kernel\(boots == 1 ? "" : "s")"
      if incidents > 0 {
        text += "; \(incidents) incident\(incidents == 1 ? "" : "s")"
        if presumedIncidents > 0 { text += ", \(presumedIncidents) of them presumed" }
      }
      return text + ")"
    }
  }

  /// The released boots, one run per input, in the order the inputs were read.
  public private(set) var runs: [Run] = []
  /// How many boots a segment holds when it is checked.
  public let segmentBoots: Int
  /// The platform read from the released boots (and, in a segment's capture, from its own).
  var platform = Platform()
  /// The released boots' crash kernel regions, each range once.
  private(set) var crashRegions: [ResourceClaim] = []
  /// Inputs with a released boot the reader took for a kdump kernel.
  private(set) var kdumpSources: Set<String> = []
  /// The graph roles released per input.
  private(set) var roles: [String: Set<BootRole>] = [:]
  /// The labels of the first incident whose kdump kernel is proven and has its own log.
  private(set) var provenIncident: (first: String, kdump: String)?
  /// The label of the first kernel only presumed to be a kdump kernel.
  private(set) var presumedKdump: String?
  /// What the first presumed incidents leave unproven (`Capture.kdumpCaveat`), and how many
  /// more there were.
  private(set) var caveats: [String] = []
  private(set) var moreCaveats = 0
  /// Whether a released first kernel shows its crash kernel reservation or its absence.
  private(set) var crashKernelKnown = false
  /// Whether a released boot is a first (or unknown) kernel's log.
  private(set) var firstKernelLog = false
  /// The kernel releases the released boots ran, each once, in order.
  public private(set) var kernelVersions: [String] = []
  /// The first released non-kdump graph with an hv_pci device (readiness names one).
  private(set) var deviceGraph: BootGraph?
  /// The incidents of findings that may be the VM's first of their kind (its address map is
  /// drawn from them): one per distinct finding, not per boot.
  public private(set) var findingIncidents: [(first: BootGraph, kdump: BootGraph)] = []
  /// The platforms segments were checked with: the VM's final platform must agree.
  private(set) var checkedPlatforms: [Platform.RuleFacts] = []
  /// Per input, the truncated keys `BootMatcher` would look released boots up by; inputs with
  /// a partly stamped released boot (which the matcher compares with everything).
  private(set) var keys: [String: [UInt32]] = [:]
  private(set) var unkeyed: Set<String> = []

  static let listedCaveats = 10

  init(segmentBoots: Int) { self.segmentBoots = segmentBoots }

  public var boots: Int { runs.reduce(0) { $0 + $1.boots } }
  public var incidents: Int { runs.reduce(0) { $0 + $1.incidents } }

  /// `boots 0-19743, lines 1-466020: 19744 boots (…), checked 256 at a time and not listed one
  /// by one`: a run as INPUTS shows it.
  public func listing(_ run: Run) -> String {
    "boots \(run.firstIndex)-\(run.lastIndex), \(run.lineSpan): \(run.summary), checked \(segmentBoots) at a time and not listed one by one"
  }

  /// The run of one input, if any of its boots were released.
  public func run(of source: String) -> Run? { runs.first { $0.source == source } }

  /// Takes in a checked segment's capture before it is released, with its findings that are
  /// new to the VM (`FindingFold.add`'s result).
  mutating func absorb(_ capture: Capture, newFindings: [Finding]) {
    for f in newFindings where !f.ranges.isEmpty {
      let pair = capture.pairs.first { p in
        f.evidence.contains { e in
          capture.graphs[p.first].boot?.holds(e.provenance) == true
            || capture.graphs[p.kdump].boot?.holds(e.provenance) == true
        }
      }
      if let pair { findingIncidents.append((capture.graphs[pair.first], capture.graphs[pair.kdump])) }
    }
    platform = capture.platform
    let facts = capture.platform.ruleFacts
    if !checkedPlatforms.contains(facts) { checkedPlatforms.append(facts) }
    for g in capture.graphs {
      guard let boot = g.boot else { continue }
      let n = runs.firstIndex { $0.source == boot.source } ?? runs.count
      if n == runs.count {
        runs.append(Run(source: boot.source, firstIndex: boot.index, firstLine: boot.firstLine))
      }
      for file in boot.files where !runs[n].files.contains(file) { runs[n].files.append(file) }
      runs[n].lastIndex = boot.index
      runs[n].lastLine = boot.lastLine
      runs[n].boots += 1
      switch g.role {
      case .first: runs[n].first += 1
      case .kdump: runs[n].kdump += 1
      case .unknown: runs[n].unknown += 1
      }
      roles[boot.source, default: []].insert(g.role)
      if boot.role == .kdump { kdumpSources.insert(boot.source) }
      if let release = boot.kernelVersion, !kernelVersions.contains(release) {
        kernelVersions.append(release)
      }
      if g.role != .kdump {
        firstKernelLog = true
        crashKernelKnown = crashKernelKnown || g.showsCrashKernel
        if deviceGraph == nil, !g.hvPciGUIDs.isEmpty { deviceGraph = g }
      }
      for claim in g.claims(.crashKernel) where !crashRegions.contains(where: { $0.range == claim.range }) {
        crashRegions.append(claim)
      }
      if let keyed = BootMatcher.keys(of: boot) {
        keys[boot.source, default: []] += keyed.map { UInt32(truncatingIfNeeded: $0) }
      } else {
        unkeyed.insert(boot.source)
      }
    }
    for pair in capture.pairs {
      let k = capture.graphs[pair.kdump]
      if let n = runs.firstIndex(where: { $0.source == k.source }) {
        runs[n].incidents += 1
        if !pair.kdumpProven { runs[n].presumedIncidents += 1 }
      }
      if pair.kdumpProven, k.boot != nil, provenIncident == nil {
        provenIncident = (capture.graphs[pair.first].label, k.label)
      }
      if !pair.kdumpProven {
        if presumedKdump == nil { presumedKdump = k.label }
        if let caveat = capture.kdumpCaveat(pair) {
          if caveats.count < Self.listedCaveats { caveats.append(caveat) } else { moreCaveats += 1 }
        }
      }
    }
  }

  /// Why the VM's boots cannot be checked a segment at a time after all, given the VM's whole
  /// capture: another input may hold the released boots (the batch check reads each boot once),
  /// a /proc/iomem dump may belong with a released kernel, or the platform the segments were
  /// checked for is not the VM's. `nil` when the segments' findings are the VM's.
  func conflict(with capture: Capture, files: [CaptureFile]) -> String? {
    if let s = checkedPlatforms.first(where: { $0 != capture.platform.ruleFacts }) {
      return
        "the platform the earlier boots were checked for (\(s.summary)) is not the VM's (\(capture.platform.ruleFacts.summary))"
    }
    var others: [String: [KernelBoot]] = [:]
    for file in files { others[file.source, default: []] += file.log.boots }
    // In input order, so the reason given is the same at every run.
    let order = files.map(\.source)
    for source in order where keys[source] != nil || unkeyed.contains(source) {
      let set = Set(keys[source] ?? [])
      for other in order where other != source {
        let boots = others[other] ?? []
        if unkeyed.contains(source), !boots.isEmpty {
          return
            "\(other) may hold boots of \(source) already checked (some of their lines carry no time stamp)"
        }
        for boot in boots {
          guard let keyed = BootMatcher.keys(of: boot) else {
            return
              "\(other) may hold boots of \(source) already checked (some of its lines carry no time stamp)"
          }
          if keyed.contains(where: { set.contains(UInt32(truncatingIfNeeded: $0)) }) {
            return "\(other) boot \(boot.index) may be a boot of \(source) already checked"
          }
        }
      }
      for other in order where other != source {
        guard let otherKeys = keys[other] else { continue }
        if otherKeys.contains(where: set.contains) || unkeyed.contains(other) {
          return "\(other) and \(source) may hold the same boots"
        }
      }
    }
    let hasDumps = files.contains { !$0.iomem.dumps.isEmpty }
    for run in runs {
      if hasDumps, let released = roles[run.source] {
        let kept = Set(capture.graphs.filter { $0.boot?.source == run.source }.map(\.role))
        if !released.isSubset(of: kept) {
          return
            "a /proc/iomem dump may belong with a kernel among \(run.source)'s earlier boots (its last boots hold no kernel of every role they held)"
        }
      }
      if files.contains(where: { $0.source == run.source && !$0.iomem.dumps.isEmpty }) {
        return "\(run.source) holds a /proc/iomem dump, which belongs with the boot it was read in"
      }
    }
    return nil
  }
}
