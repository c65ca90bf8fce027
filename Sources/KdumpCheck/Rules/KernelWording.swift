import IomemParse

/// How the rules name a kernel and cite its lines: labels, evidence, the caveat of a presumed
/// kdump kernel.
extension BootGraph {
  /// `the kdump kernel (serial.log boot 1)`.
  public var label: String {
    let place = boot.map { "\($0.source) boot \($0.index)" } ?? (iomemSource ?? id)
    switch role {
    case .first: return "the first kernel (\(place))"
    case .kdump: return "the kdump kernel (\(place))"
    case .unknown: return "boot \(bootIndex) of \(boot?.source ?? id)"
    }
  }

  func evidence(_ p: Provenance, _ note: String? = nil) -> Evidence {
    Evidence(p, boot: bootIndex, role: role, note: note)
  }

  func evidence(_ claim: ResourceClaim, _ note: String) -> [Evidence] {
    let tag =
      claim.certainty == .inferred ? "\(note) (inferred: \(claim.reasoning ?? "allocation rules"))" : note
    var seen = Set<Provenance>()
    return claim.provenance.filter { seen.insert($0).inserted }.map { evidence($0, tag) }
  }
}

extension Capture {
  /// The pairs' kdump side phrased for people, with the caveat when the role is not proven.
  func kdumpCaveat(_ pair: KernelPair) -> String? {
    guard !pair.kdumpProven else { return nil }
    let k = graphs[pair.kdump]
    let why =
      k.boot?.commandLine == nil
      ? "that boot shows no `Command line:`, so its `elfcorehdr=` cannot be checked"
      : "its command line has no `elfcorehdr=`"
    return
      "\(k.label.sentenceStart) is taken to be the kdump kernel, but the input does not prove it: \(why). Capture that boot from its start (serial console, Azure boot diagnostics or kexec-dmesg.log) to confirm."
  }
}

extension String {
  /// The text with its first letter capitalised: a kernel's label (`boot 1 of …`, `the kdump
  /// kernel …`) that begins a sentence.
  var sentenceStart: String { prefix(1).uppercased() + dropFirst() }
}
