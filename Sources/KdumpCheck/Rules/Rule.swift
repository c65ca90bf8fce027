import IomemParse

/// A small input a rule is tested on: named files and the severity the rule must report
/// (triggering) or nothing (non-triggering). `line` is where the example is declared.
///
/// In a triggering example, a line whose first character past its indentation is `↓` is a line
/// the rule's finding must cite (as SwiftLint marks where a violation is): the marker is not part
/// of the input, which is read without it, indentation and line numbers unchanged.
public struct RuleExample: Sendable {
  /// Marks a line the finding must cite.
  public static let marker = "↓"

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

  /// The example read as `check` reads inputs (without the markers).
  public var capture: Capture {
    Capture(files: files.map { CaptureFile.read(text: Self.unmarked($0.text), source: $0.name) })
  }

  /// The lines marked `↓`: each file's name and the 1-based line number.
  public var markedLines: [(file: String, line: Int)] {
    files.flatMap { file in
      file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        .filter { Self.markerStart(in: $0.element) != nil }.map { (file.name, $0.offset + 1) }
    }
  }

  /// Where a line's marker starts: right past its indentation.
  private static func markerStart(in line: Substring) -> Substring.Index? {
    let start = line.firstIndex { $0 != " " && $0 != "\t" } ?? line.endIndex
    return line[start...].hasPrefix(marker) ? start : nil
  }

  private static func unmarked(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      guard let start = markerStart(in: line) else { return line }
      return line[..<start] + line[line.index(start, offsetBy: marker.count)...]
    }.joined(separator: "\n")
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

/// One situation a rule reports and the severity it reports it at: a rule emits findings only
/// of its declared conditions, and its page lists them as a table.
public struct RuleCondition: Sendable, Hashable {
  public var id: String
  public var severity: Severity
  /// When it applies, for people (`the overlap rests on lines seen in both kernels`).
  public var when: String

  public init(_ id: String, _ severity: Severity, _ when: String) {
    self.id = id
    self.severity = severity
    self.when = when
  }
}

/// What a rule's mechanism rests on: a kernel change of `KernelChange.table`, or a mail thread.
public enum RuleReference: Sendable, Hashable {
  case change(KernelChange.ID)
  /// A mail thread; `note` says what it is to the rule (`the proposal's review, where …`).
  case thread(subject: String, list: String, date: String, note: String)

  /// One line of a page's References section.
  public var text: String {
    switch self {
    case .change(let id):
      let c = KernelChange[id]
      guard let mainline = c.mainline else { return "Proposal \"\(c.subject)\" (\(c.stableNote))." }
      let stable = c.backports.isEmpty ? "" : "; stable \(c.stableNote)"
      return "\(id.rawValue) \"\(c.subject)\" (\(mainline)\(stable)): \(c.effect)."
    case .thread(let subject, let list, let date, let note):
      return "Mail thread \"\(subject)\" (\(list), \(date)): \(note)."
    }
  }
}

extension RuleReference {
  /// The review of v2 of the config-window proposal: the seed of this tool.
  static let configWindowReview = RuleReference.thread(
    subject: "[PATCH v2] PCI: hv: Allocate MMIO from above 4GB for the config window", list: "linux-hyperv",
    date: "2-28 April 2026",
    note:
      "the review of v2 of that proposal, not known to be merged, where Dexuan Cui states that the Gen1 BAR0 always reports 4G-128MB and that low MMIO is 3 GiB on Azure (1 GiB on a CVM)"
  )
  /// v1 of the config-window proposal, which explains the zero base after kexec.
  static let configWindowV1 = RuleReference.thread(
    subject: "[PATCH] PCI: hv: Allocate MMIO from above 4GB for the config window", list: "linux-hyperv",
    date: "21 January 2026",
    note:
      "v1 of that proposal, not known to be merged; it explains why a Gen2 kdump kernel gets a zero framebuffer base (kexec_load with hyperv_drm on x86-64; either syscall on arm64)"
  )
  /// The posting of 016a25e4b0df.
  static let fbMmioPosting = RuleReference.thread(
    subject: "[PATCH] Drivers: hv: vmbus: Improve the logic of reserving fb_mmio on Gen2 VMs",
    list: "linux-hyperv",
    date: "16 April 2026",
    note:
      "the first posting of 016a25e4b0df, which took the vmbus_reserve_fb() route Michael Kelley suggested in the review of the config-window proposal"
  )
}

/// What a rule is, for people (`rules`, `explain`, docs/rules/KDnnn.md, SARIF help) and tests.
public struct RuleDescription: Sendable {
  public var id: String
  public var name: String
  /// Every situation the rule reports, each with its severity.
  public var conditions: [RuleCondition]
  public var summary: String
  /// The mechanism: why kdump breaks.
  public var explanation: String
  public var remediation: String
  public var triggering: [RuleExample]
  public var nonTriggering: [RuleExample]
  public var scope: RuleScope = .hyperV
  /// The commits and threads the mechanism rests on.
  public var references: [RuleReference] = []
  /// A rule that judges a running system before any crash (its `ready` condition decides a
  /// VM whose kdump kernel never ran, and the verdict says it was predicted).
  public var predicts = false

  /// The highest severity among the conditions: what `rules` lists and SARIF declares.
  public var severity: Severity { conditions.map(\.severity).max() ?? .info }
}

/// One check over a whole capture. Each rule is one type in its own file under Rules/.
public protocol Rule: Sendable {
  static var description: RuleDescription { get }
  init()
  func check(_ capture: Capture) -> [Finding]
}

extension Rule {
  var id: String { Self.description.id }

  /// A finding of one of this rule's conditions, at that condition's severity (its message
  /// starts with a capital, since many begin with a kernel's label).
  func finding(
    _ condition: RuleCondition, message: Finding.Message, ranges: [AddressRange] = [], evidence: [Evidence],
    remediation: String, missing: [String] = []
  ) -> Finding {
    var f = Finding(
      rule: Self.description.id, severity: condition.severity,
      message: message.text.sentenceStart,
      ranges: ranges,
      evidence: evidence, remediation: remediation, missing: missing)
    f.condition = condition.id
    return f
  }
}
