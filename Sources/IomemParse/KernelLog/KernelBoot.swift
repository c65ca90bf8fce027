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

/// How a boot ended, as its last lines show; the next boot's kernel follows from it.
public enum BootEnding: String, Sendable {
  /// No ending line: the input stops (or the next boot starts) while this kernel still runs.
  case cutOff = "cut_off"
  /// `reboot: Restarting system`: a plain reboot, so the next boot is a first kernel.
  case reboot
  /// `reboot: Power down` / `reboot: System halted`.
  case powerOff = "power_off"
  /// `kexec_core: Starting new kernel`: a kexec reboot into a new first kernel, not kdump.
  case kexecReboot = "kexec_reboot"
  /// A panic (or sysrq crash) with nothing after it: the capture kernel, if loaded, took over.
  case panic
  /// A panic followed by `Rebooting in N seconds..` or `---[ end Kernel panic`: panic() prints
  /// those only after `__crash_kexec()` returned, so no capture kernel ran.
  case panicWithoutCapture = "panic_without_capture_kernel"

  /// How people read it: `a plain reboot (reboot: Restarting system)`.
  public var phrase: String {
    switch self {
    case .cutOff: "no ending line (cut off)"
    case .reboot: "a plain reboot (`reboot: Restarting system`)"
    case .powerOff: "a power-off or halt"
    case .kexecReboot: "a kexec reboot (`kexec_core: Starting new kernel`)"
    case .panic: "a panic, with nothing after it (a capture kernel, if one was loaded, took over)"
    case .panicWithoutCapture:
      "a panic that no capture kernel took over (panic() printed its reboot or end line)"
    }
  }

  /// Whether the boot after this one is a fresh first kernel, never a kdump kernel.
  public var nextIsFirstKernel: Bool {
    switch self {
    case .reboot, .powerOff, .kexecReboot, .panicWithoutCapture: true
    case .cutOff, .panic: false
    }
  }
}

/// One kernel's run as seen in one input: its events in order, and its role with the evidence.
public struct KernelBoot: Sendable {
  /// The input the boot was read from (for a rotated log read as one stream, its newest file).
  public var source: String
  /// The files the boot's lines lie in, oldest first: `source` alone for a single file; for a
  /// rotated log read as one stream, every file from the one holding `firstLine` to the one
  /// holding `lastLine` (a boot that ran across a rotation).
  public var files: [String]
  /// Which file of its input's stream `files.last` is, so the reader extends `files` with an
  /// integer compare.
  var filePart = 0
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
  /// How the boot ended, and the lines that show it (the panic and what followed it).
  public var ending: BootEnding = .cutOff
  public var endingEvidence: [Provenance] = []
  /// How the boot before it in the same input ended (its index and lines), when there was one.
  public var previousEnding: (boot: Int, ending: BootEnding, evidence: [Provenance])?
  /// Whether the boot was opened by arm64's `Booting Linux on physical CPU` line, which the
  /// banner follows in the same boot.
  var openedByCPULine = false

  /// A boot of `source` starting at `line` of `file` (the input itself unless it is a rotated
  /// log read as one stream).
  public init(source: String, index: Int, start: BootStart, line: Int, file: String? = nil) {
    self.source = source
    self.files = [file ?? source]
    self.index = index
    self.start = start
    self.firstLine = line
    self.lastLine = line
  }

  /// The file `firstLine` lies in.
  public var firstFile: String { files[0] }
  /// The file `lastLine` lies in.
  public var lastFile: String { files[files.count - 1] }

  /// Whether the line `p` cites lies within this boot's lines.
  public func holds(_ p: Provenance) -> Bool {
    guard let k = files.firstIndex(of: p.source) else { return false }
    return (k > 0 || p.line >= firstLine) && (k < files.count - 1 || p.line <= lastLine)
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

  /// Moves the ending on for an event that ends a boot; other events leave it as it is.
  mutating func noteEnding(_ kind: EventKind, _ p: Provenance) {
    switch kind {
    case .kernelPanic, .sysrqCrash, .crashKernelStarting:
      if ending != .panic { endingEvidence = [] }
      ending = .panic
      endingEvidence.append(p)
    case .panicReboot, .panicEnd:
      guard ending == .panic || ending == .panicWithoutCapture else { return }
      ending = .panicWithoutCapture
      endingEvidence.append(p)
    case .shutdown(let action):
      ending = action == .restart ? .reboot : .powerOff
      endingEvidence = [p]
    case .kexecReboot:
      ending = .kexecReboot
      endingEvidence = [p]
    default:
      return
    }
  }

  /// Panic and crash markers (`Kernel panic - not syncing`, `sysrq: Trigger a crash`,
  /// `Starting crashdump kernel`, printed on arm64 only): what ended this boot.
  public var crashTrail: [LogEvent] {
    events.filter {
      switch $0.kind {
      case .kernelPanic, .sysrqCrash, .crashKernelStarting: true
      default: false
      }
    }
  }
}
