/// Everything read from one kernel-log input: its boots with roles and events, and an account of
/// every line.
public struct KernelLog: Sendable {
  public var source: String
  /// The boots, unless they were handed out one by one (`KernelLogReader.onBoot`).
  public var boots: [KernelBoot]
  /// How many boots the input held, whether kept or handed out.
  public var bootCount: Int
  public var lines: LogLineAccount
  public var diagnostics: [Diagnostic]

  public init(
    source: String, boots: [KernelBoot], bootCount: Int, lines: LogLineAccount = LogLineAccount(),
    diagnostics: [Diagnostic] = []
  ) {
    self.source = source
    self.boots = boots
    self.bootCount = bootCount
    self.lines = lines
    self.diagnostics = diagnostics
  }

  /// All events in input order.
  public var events: [LogEvent] { boots.flatMap(\.events) }
}

/// How each line of a log input was used.
public struct LogLineAccount: Sendable, Equatable {
  public var total = 0
  /// Kernel messages (after joining wrapped continuations).
  public var kernelMessages = 0
  /// Kernel messages that matched no event kind.
  public var unrecognizedMessages = 0
  /// Lines that are not kernel messages: prose, systemd, other journal identifiers, iomem.
  public var nonKernel = 0
  /// Stamp-less lines joined to the message before them (a wrapped command line or `%pR`).
  public var continuations = 0
  public var blank = 0
  /// Kernel messages by line format.
  public var formats: [LogFormat: Int] {
    var out: [LogFormat: Int] = [:]
    for (i, format) in LogFormat.allCases.enumerated() where formatCounts[i] > 0 {
      out[format] = formatCounts[i]
    }
    return out
  }
  /// Counts indexed like `LogFormat.allCases`: an array, not a dictionary, on the per-line path.
  var formatCounts = [Int](repeating: 0, count: LogFormat.allCases.count)
  /// Runs of non-kernel lines (for `--unrecognized`), capped so a huge log stays bounded.
  public var nonKernelSpans = LineSpans()

  public init() {}
}
