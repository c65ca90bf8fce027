import IomemParse

/// What the user told `check` about the inputs, overriding what the tool infers.
public struct CheckOptions: Sendable {
  /// Inputs whose boots are all the first (crashed) kernel.
  public var firstSources: Set<String> = []
  /// Inputs whose boots are all the kdump kernel.
  public var kdumpSources: Set<String> = []
  /// Which kernel a /proc/iomem dump was taken in.
  public var iomemOf: BootRole = .first

  /// The kernel the user named for every artifact of `source` (`--first` / `--kdump`).
  func role(of source: String) -> BootRole? {
    if kdumpSources.contains(source) { return .kdump }
    if firstSources.contains(source) { return .first }
    return nil
  }

  /// The options as one canonical string: a run recorded with other options is not reused.
  public var recordKey: String {
    "first=\(firstSources.sorted().joined(separator: ","));kdump=\(kdumpSources.sorted().joined(separator: ","));iomem-of=\(iomemOf.rawValue)"
  }

  public init(firstSources: Set<String> = [], kdumpSources: Set<String> = [], iomemOf: BootRole = .first) {
    self.firstSources = firstSources
    self.kdumpSources = kdumpSources
    self.iomemOf = iomemOf
  }
}

/// A first kernel and the kdump kernel that followed it: one incident.
public struct KernelPair: Sendable {
  /// Indices into `Capture.graphs`.
  public var first: Int
  public var kdump: Int
  /// False when the later boot is only presumed to be the kdump kernel (no `elfcorehdr=` seen).
  public var kdumpProven: Bool
}
