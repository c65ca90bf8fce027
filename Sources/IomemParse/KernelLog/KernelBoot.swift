/// Which kernel a boot is, as far as the input shows.
public enum BootRole: String, Sendable, CaseIterable {
  /// The production kernel (the one that crashed, or that would).
  case first
  /// The capture kernel kexec started after a crash.
  case kdump
  case unknown
}

/// Why a new boot starts at a given line.
public enum BootStart: String, Sendable {
  case startOfInput = "start_of_input"
  case banner
  case timestampWentBackwards = "timestamp_went_backwards"
  case journalBootID = "journal_boot_id"
  case journalSeparator = "journal_separator"
}

/// One kernel's run as seen in one input: its events in order, and its role with the evidence.
public struct KernelBoot: Sendable {
  public var source: String
  /// 0-based index within `source`.
  public var index: Int
  public var start: BootStart
  public var firstLine: Int
  public var lastLine: Int
  public var role: BootRole = .unknown
  /// Why the role was chosen (or why it stays unknown), for people.
  public var roleReason = ""
  /// The lines the role rests on.
  public var roleEvidence: [Provenance] = []
  public var kernelVersion: String?
  public var commandLine: KernelCommandLine?
  public var commandLineProvenance: Provenance?
  public var bootID: String?
  public var events: [LogEvent] = []
  /// Kernel messages that matched no event kind.
  public var unrecognizedMessages = 0
  public var messages = 0
  /// Whether `Run /init` or `Freeing unused kernel image` has been seen yet in this boot.
  public var initSeen = false

  public init(source: String, index: Int, start: BootStart, line: Int) {
    self.source = source
    self.index = index
    self.start = start
    self.firstLine = line
    self.lastLine = line
  }

  /// Once the boot has shown its init marker, registrations before it were built in.
  mutating func settleRegistrations() {
    guard initSeen else { return }
    for i in events.indices {
      if case .vmbusDriverRegistered(let driver, nil) = events[i].kind {
        events[i].kind = .vmbusDriverRegistered(driver: driver, afterInit: false)
      }
    }
  }

  /// Panic and crash markers (`Kernel panic - not syncing`, `sysrq: Trigger a crash`,
  /// `Starting crashdump kernel`): what ended this boot.
  public var crashTrail: [LogEvent] {
    events.filter {
      switch $0.kind {
      case .kernelPanic, .sysrqCrash, .crashKernelStarting: true
      default: false
      }
    }
  }
}
