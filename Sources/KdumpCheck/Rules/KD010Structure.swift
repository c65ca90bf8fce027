import IomemParse

/// /proc/iomem that the kernel could not have printed, or a VMBus claim outside its windows.
public struct KD010Structure: Rule {
  public init() {}

  public static let description = RuleDescription(
    id: "KD010", name: "inconsistent-resource-tree", conditions: [tree, crashDisagrees, outsideWindows],
    summary:
      "Overlapping siblings or a child outside its parent in /proc/iomem, or a VMBus claim outside every hv_mmio window.",
    explanation: """
      The kernel's resource tree never holds overlapping siblings, and every child lies inside its
      parent (kernel/resource.c). A dump that shows otherwise was edited, merged from two captures, or
      damaged in transit, and conclusions drawn from it are unsafe. vmbus_allocate_mmio() allocates
      only inside the VMBus windows, and `hv_mmio=` prints only the first two of them: a GUID-named
      claim outside both lies in a third window or belongs to a different kernel or capture. When the log and /proc/iomem give the same kernel's crash kernel
      region different ranges, the two were not captured from the same boot.
      """,
    remediation: """
      In the guest, capture /proc/iomem again as root, straight to a file (`sudo cat /proc/iomem > iomem.txt`), and \
      attach the file rather than pasting it; make sure the dump and the log come from the same boot.
      """,
    triggering: KD010Examples.triggering, nonTriggering: KD010Examples.nonTriggering,
    scope: .kdump)

  static let structuralCodes: Set<String> = ["iomem.overlap", "iomem.outside-parent", "iomem.unsorted"]

  public func check(_ capture: Capture) -> [Finding] {
    var findings: [Finding] = []
    for file in capture.files {
      for d in file.iomem.diagnostics where Self.structuralCodes.contains(d.code) {
        let text = file.iomem.dumps.lazy.compactMap { Self.line(d.line, in: $0) }.first ?? ""
        findings.append(
          finding(
            Self.tree,
            message: .treeDiagnostic(source: file.source, line: d.line, message: d.message),
            evidence: [
              Evidence(Provenance(source: file.source, line: d.line, text: text), boot: 0, role: .unknown)
            ],
            remediation: Self.description.remediation))
      }
    }
    for g in capture.graphs {
      let crash = g.claims(.crashKernel).filter { $0.certainty == .seen }
      if let a = crash.first,
        let b = crash.first(where: {
          $0.range != a.range && $0.provenance.first?.source != a.provenance.first?.source
        })
      {
        findings.append(
          finding(
            Self.crashDisagrees,
            message: .crashRegionsDisagree(kernel: g, a.range, b.range),
            ranges: [a.range, b.range],
            evidence: g.evidence(a, "one source") + g.evidence(b, "the other source"),
            remediation: Self.description.remediation))
      }
      let windows = g.mmioWindows.filter { $0.certainty == .seen }
      guard !windows.isEmpty else { continue }
      // Containment is asked of each window range once (a log may repeat its `hv_mmio=` line).
      let windowRanges = Array(Set(windows.map(\.range)))
      for claim in g.claims
      where claim.certainty == .seen && (claim.kind.isPassthroughClaim || claim.kind == .videoVRAM) {
        guard claim.owner.guid != nil, !windowRanges.contains(where: { $0.contains(claim.range) }) else {
          continue
        }
        findings.append(
          finding(
            Self.outsideWindows,
            message: .outsideWindows(kernel: g, claim: claim, windows: windows.map(\.range)),
            ranges: [claim.range],
            evidence: g.evidence(claim, "claim") + windows.flatMap { g.evidence($0, "VMBus windows") },
            remediation: Self.description.remediation))
      }
    }
    return findings
  }

  private static func line(_ number: Int, in dump: IomemDump) -> String? {
    var text: String?
    for root in dump.roots {
      root.walk { node, _ in if node.provenance.line == number { text = node.provenance.text } }
    }
    return text
  }
}

extension KD010Structure {
  static let tree = RuleCondition(
    "tree", .warning,
    "/proc/iomem holds overlapping siblings, a child outside its parent, or unsorted siblings")
  static let crashDisagrees = RuleCondition(
    "crash-disagrees", .warning,
    "the log and /proc/iomem give one kernel's crash kernel region different ranges")
  static let outsideWindows = RuleCondition(
    "outside-windows", .note,
    "a GUID-named claim lies outside both windows `hv_mmio=` prints (a third window is possible)")
}

extension Finding.Message {
  /// A structural diagnostic of the /proc/iomem reader, by its line.
  fileprivate static func treeDiagnostic(source: String, line: Int, message: String) -> Finding.Message {
    Finding.Message(
      "\(source) line \(line): \(message).")
  }
  /// The log and the dump give one kernel two crash kernel regions.
  fileprivate static func crashRegionsDisagree(kernel g: BootGraph, _ a: AddressRange, _ b: AddressRange)
    -> Finding.Message
  {
    Finding.Message(
      "In \(g.label) the sources disagree about the crash kernel region: \(a.sizeFirst) against \(b.sizeFirst). Both are kept; the log and the dump were probably taken in different boots."
    )
  }
  /// A GUID-named claim outside both windows `hv_mmio=` prints.
  fileprivate static func outsideWindows(kernel g: BootGraph, claim: ResourceClaim, windows: [AddressRange])
    -> Finding.Message
  {
    Finding.Message(
      "In \(g.label), \(claim.kind.rawValue.replacingUnderscores) \(claim.range.sizeFirst) (\(claim.owner)) lies outside both VMBus MMIO windows `hv_mmio=` prints (\(windows.map(\.hex).joined(separator: ", "))): it lies in a third window, which that line does not show, or it belongs to another kernel or capture."
    )
  }
}
