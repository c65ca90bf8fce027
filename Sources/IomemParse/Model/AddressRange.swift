/// A closed physical address interval `start...end`, the way /proc/iomem and `%pR` print it.
///
/// The end is inclusive. Kernel lines that print an exclusive end (`crashkernel reserved:`,
/// `software IO TLB: mapped`) go through `init(start:exclusiveEnd:)` so an off-by-one cannot
/// creep in silently.
public struct AddressRange: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let start: UInt64
  public let end: UInt64

  /// A range from an inclusive end; `nil` when `end < start`.
  public init?(start: UInt64, inclusiveEnd end: UInt64) {
    guard end >= start else { return nil }
    self.start = start
    self.end = end
  }

  /// A range from an exclusive end (`start + size`); `nil` when empty or reversed.
  public init?(start: UInt64, exclusiveEnd end: UInt64) {
    guard end > start else { return nil }
    self.start = start
    self.end = end - 1
  }

  /// A range of `size` bytes at `start`; `nil` when empty or past 2^64.
  public init?(start: UInt64, size: UInt64) {
    guard size > 0 else { return nil }
    let (last, overflow) = start.addingReportingOverflow(size - 1)
    guard !overflow else { return nil }
    self.start = start
    self.end = last
  }

  /// Number of bytes; `0` stands for 2^64 (the whole address space), which cannot be represented.
  public var size: UInt64 { end &- start &+ 1 }

  public func contains(_ address: UInt64) -> Bool { start <= address && address <= end }
  public func contains(_ other: AddressRange) -> Bool { start <= other.start && other.end <= end }
  public func overlaps(_ other: AddressRange) -> Bool { start <= other.end && other.start <= end }

  /// The common part of two ranges, or `nil` when they are disjoint.
  public func intersection(_ other: AddressRange) -> AddressRange? {
    AddressRange(start: max(start, other.start), inclusiveEnd: min(end, other.end))
  }

  public static func < (lhs: AddressRange, rhs: AddressRange) -> Bool {
    (lhs.start, lhs.end) < (rhs.start, rhs.end)
  }

  /// `0xfe0000000-0xfe7ffffff`: lower-case hex with `0x`, the form every output uses.
  public var hex: String { "\(Hex.prefixed(start))-\(Hex.prefixed(end))" }

  /// `0xfe0000000-0xfe7ffffff (128 MiB)`: what a support engineer reads.
  public var description: String { "\(hex) (\(ByteSize.human(size)))" }

  /// `128 MiB at 0xfe0000000-0xfe7ffffff`: the phrasing findings use.
  public var sizeFirst: String { "\(ByteSize.human(size)) at \(hex)" }
}
