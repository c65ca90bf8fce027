/// One /proc/iomem entry with the entries nested under it.
public struct ResourceNode: Hashable, Sendable {
  public var range: AddressRange
  /// The name exactly as printed (after mail repairs), e.g. `PCI Bus 0000:00`.
  public var name: String
  public var kind: ResourceKind
  public var children: [ResourceNode]
  public var provenance: Provenance

  public init(
    range: AddressRange, name: String, kind: ResourceKind? = nil, children: [ResourceNode] = [],
    provenance: Provenance
  ) {
    self.range = range
    self.name = name
    self.kind = kind ?? ResourceKind(name: name)
    self.children = children
    self.provenance = provenance
  }

  /// Every node of this subtree in kernel print order (pre-order), with its depth.
  public func walk(depth: Int = 0, _ visit: (ResourceNode, Int) -> Void) {
    visit(self, depth)
    for child in children { child.walk(depth: depth + 1, visit) }
  }
}
