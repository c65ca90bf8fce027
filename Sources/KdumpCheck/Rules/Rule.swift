import IomemParse

/// A small input a rule is tested on: named files and the severity the rule must report
/// (triggering) or nothing (non-triggering). `line` is where the example is declared.
public struct RuleExample: Sendable {
  public var files: [(name: String, text: String)]
  public var severity: Severity?
  public var note: String
  public var file: String
  public var line: Int

  public init(
    _ note: String, files: [(name: String, text: String)], severity: Severity? = nil,
    file: String = #filePath,
    line: Int = #line
  ) {
    self.note = note
    self.files = files
    self.severity = severity
    self.file = file
    self.line = line
  }

  /// The example read as `check` reads inputs.
  public var capture: Capture {
    Capture(files: files.map { CaptureFile.read(text: $0.text, source: $0.name) })
  }
}

/// Where a rule applies: the MMIO rules only where VMBus allocates MMIO (Hyper-V, Azure), the
/// kdump rules wherever kdump exists (not WSL2, whose kernels load no crash kernel).
public enum RuleScope: String, Sendable {
  case hyperV = "Hyper-V and Azure VMs"
  case kdump = "any VM or machine with kdump (not WSL2)"

  /// Whether a capture of this platform is one the rule judges.
  public func applies(to platform: Platform) -> Bool {
    switch self {
    case .hyperV: platform.hypervisor == .hyperV && !platform.wsl2
    case .kdump: !platform.wsl2
    }
  }
}

/// What a rule is, for people (`rules`, `explain`, docs/rules/KDnnn.md, SARIF help) and tests.
public struct RuleDescription: Sendable {
  public var id: String
  public var name: String
  public var severity: Severity
  public var summary: String
  /// The mechanism: why kdump breaks.
  public var explanation: String
  public var remediation: String
  public var triggering: [RuleExample]
  public var nonTriggering: [RuleExample]
  public var scope: RuleScope = .hyperV
}

/// One check over a whole capture. Each rule is one type in its own file under Rules/.
public protocol Rule: Sendable {
  static var description: RuleDescription { get }
  init()
  func check(_ capture: Capture) -> [Finding]
}

extension Rule {
  var id: String { Self.description.id }
}
