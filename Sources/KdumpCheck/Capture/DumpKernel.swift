import IomemParse

/// Which kernel a /proc/iomem dump was read in, from what it holds.
///
/// A kdump kernel runs in the first kernel's crash-kernel region: kexec hands it a memory map
/// whose System RAM is that region, plus on x86 the low 1 MiB and any `crashkernel=…,low`
/// region (arch/x86/kernel/crash.c crash_setup_memmap_entries(), kexec-tools' own map for
/// kexec_load), and it reserves no crash kernel of its own. So a dump with a `Crash kernel`
/// entry is a first kernel's; one whose RAM above 1 MiB lies inside the crash-kernel regions
/// known from this VM's other captures is a kdump kernel's. On x86 a first kernel has RAM from
/// 1 MiB up, a kdump kernel never (its region is 16 MiB-aligned); without the crash regions,
/// RAM that does not start at 1 MiB only looks like a kdump kernel's.
enum DumpKernel {
  struct Decision {
    var role: BootRole
    var reason: String
    var proven: Bool
    var evidence: [Provenance]
  }

  static func decide(_ dump: IomemDump, crashRegions: [ResourceClaim]) -> Decision? {
    var crash: ResourceNode?
    var ram: [ResourceNode] = []
    for root in dump.roots {
      if root.kind == .systemRAM { ram.append(root) }
      root.walk { node, _ in if node.kind == .crashKernel, crash == nil { crash = node } }
    }
    if let crash {
      return Decision(
        role: .first,
        reason:
          "it has a `Crash kernel` entry (line \(crash.provenance.line)), which only a first kernel reserves",
        proven: true, evidence: [crash.provenance])
    }
    guard !dump.addressesHidden else { return nil }
    let oneMiB: UInt64 = 0x10_0000
    let high = ram.filter { $0.range.end >= oneMiB }
    guard !high.isEmpty else { return nil }
    let regions = crashRegions.filter { $0.certainty == .seen }
    let inside = high.allSatisfy { node in regions.contains { $0.range.contains(node.range) } }
    if !regions.isEmpty, inside {
      let region = regions.first { r in high.contains { r.range.contains($0.range) } }!
      let where_ = region.provenance.first.map { " (\($0.source):\($0.line))" } ?? ""
      return Decision(
        role: .kdump,
        reason:
          "its System RAM above 1 MiB lies inside the first kernel's crash kernel region \(region.range.hex)\(where_): the kdump kernel runs there",
        proven: true, evidence: high.map(\.provenance) + region.provenance)
    }
    let x86Low = ram.contains { $0.range.start < oneMiB }
    guard x86Low else { return nil }
    if let low = high.first(where: { $0.range.start <= oneMiB }) {
      // x86-64 reserves the crash kernel 16 MiB-aligned (CRASH_ALIGN), never at 1 MiB.
      return Decision(
        role: .first,
        reason:
          "its System RAM runs from 1 MiB up (line \(low.provenance.line)), where a kdump kernel has none: the crash kernel region it runs in is 16 MiB-aligned",
        proven: true, evidence: [low.provenance])
    }
    let total = high.reduce(UInt64(0)) { $0 + $1.range.size }
    return Decision(
      role: .kdump,
      reason:
        "its System RAM is only the low 1 MiB and \(high.count == 1 ? "one range" : "\(high.count) ranges") of \(ByteSize.human(total)) not starting at 1 MiB, with no `Crash kernel` entry — the shape of a kdump kernel's memory map; the first kernel's crash kernel region would prove it",
      proven: false, evidence: high.map(\.provenance))
  }
}
