import IomemParse

/// One thing a VM's captures hold that belongs to one kernel: a boot of a log or a /proc/iomem
/// dump. Each gets its kernel (first, kdump or unknown) and the reason, shown in INPUTS and JSON.
public struct Artifact: Sendable {
  public enum Kind: String, Sendable {
    case boot
    case iomemDump = "iomem_dump"
    /// A command's output or a configuration file (`kdump-config show`, `/proc/cmdline`).
    case commandOutput = "command_output"
  }

  public var kind: Kind
  /// The input it was read from (a rotated log's newest file names the whole log).
  public var source: String
  /// The files its lines lie in, oldest first: `firstLine` is in the first, `lastLine` in the
  /// last (several only for a boot that ran across a log rotation).
  public var files: [String]
  /// The boot's index within `source`, or the dump's (0-based).
  public var index: Int
  public var firstLine: Int
  public var lastLine: Int
  public var kernel: BootRole
  /// Why the kernel is what it is, for people.
  public var reason: String
  /// False when the kernel is only presumed (a later boot with no `elfcorehdr=` seen, a dump
  /// whose memory map only looks like a kdump kernel's).
  public var proven: Bool
  /// The lines the kernel rests on.
  public var evidence: [Provenance]
  /// The graph (kernel) this artifact was merged into; `nil` for a duplicate.
  public var graph: Int?
  /// Set when the same boot or dump was read before in this VM: what it duplicates.
  public var duplicateOf: String?
  /// How a boot ended (boots only).
  public var ending: BootEnding?

  /// `lines 24-39`, or `kern.log.1 line 900 to kern.log line 120` across files.
  public var lineSpan: String {
    files.count == 1
      ? "lines \(firstLine)-\(lastLine)"
      : "\(files[0]) line \(firstLine) to \(files[files.count - 1]) line \(lastLine)"
  }

  /// `serial-console.log boot 1` / `iomem dump 1 (lines 1-24)`.
  public var label: String {
    switch kind {
    case .boot: "\(source) boot \(index)"
    case .iomemDump: "\(files[0]) /proc/iomem dump \(index + 1) (lines \(firstLine)-\(lastLine))"
    case .commandOutput: "\(files[0]) lines \(firstLine)-\(lastLine)"
    }
  }
}
