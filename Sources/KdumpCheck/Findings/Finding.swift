import IomemParse

/// One quoted line a finding rests on, with the kernel it belongs to.
public struct Evidence: Sendable, Hashable {
  public var provenance: Provenance
  /// 0-based boot index within `provenance.source`.
  public var boot: Int
  public var role: BootRole
  /// What this line shows, in the finding's terms (`first kernel's VRAM`, `inferred`…).
  public var note: String?

  public init(_ provenance: Provenance, boot: Int, role: BootRole, note: String? = nil) {
    self.provenance = provenance
    self.boot = boot
    self.role = role
    self.note = note
  }

  /// `serial.log:96 (boot 1, kdump)` — where the line stands and which kernel it belongs to, as
  /// the text and HTML reports print it; a boot whose role the input does not show is
  /// `role unknown`, so a bare `unknown` is not read as the line's meaning.
  public var place: String {
    let role = role == .unknown ? "role unknown" : role.rawValue
    return "\(provenance) (boot \(boot), \(role))"
  }
}

/// What a rule found: which kernels, which ranges, the evidence lines, and what to do.
public struct Finding: Sendable {
  public var rule: String
  /// Which of the rule's declared conditions this is (`RuleCondition.id`).
  public var condition = ""
  public var severity: Severity
  public var message: String
  public var ranges: [AddressRange]
  public var evidence: [Evidence]
  public var remediation: String
  /// Captures that would confirm or decide what this finding infers.
  public var missing: [String]
  /// The VM it is about (its id; empty for a single unnamed VM).
  public var vm = ""
  /// Set in a fleet run: the fingerprint then carries the VM id.
  public var fleet = false
  /// The other boots of the VM where the same finding recurs (same rule, ranges and evidence
  /// texts), each by its first evidence line: one finding, not one per boot.
  public var recurrences: [Evidence] = []

  public init(
    rule: String, severity: Severity, message: String, ranges: [AddressRange] = [], evidence: [Evidence],
    remediation: String, missing: [String] = []
  ) {
    self.rule = rule
    self.severity = severity
    self.message = message
    self.ranges = ranges
    self.evidence = evidence
    self.remediation = remediation
    self.missing = missing
  }

  /// Stable across runs and line shifts: rule id, ranges and the evidence texts' owners, never
  /// line numbers or wording (and, in a fleet run, the VM id). Baselines store it.
  public var fingerprint: String {
    var key = fleet ? "vm=\(vm)|" + rule : rule
    for r in ranges.sorted() { key += "|" + r.hex }
    for e in evidence.map({ "\($0.role.rawValue):\(Fingerprint.normalise($0.provenance.text))" }).sorted() {
      key += "|" + e
    }
    return Fingerprint.fnv1a(key)
  }

  /// Where SARIF and annotations point: the first evidence line.
  public var primary: Evidence? { evidence.first }

  /// Recurrences counted but not listed: past `FindingFold.listedRecurrences`, so a finding
  /// in every boot of a long log holds a bounded list.
  public var unlistedRecurrences = 0

  /// How many boots show it: this one and its recurrences, listed or not.
  public var occurrences: Int { 1 + recurrences.count + unlistedRecurrences }

  /// `Also in 2 more boots: serial.log:120 (boot 3, kdump), …`: the recurrences in words, the
  /// first `limit` by line; nil when it occurs once.
  public func recurrenceText(limit: Int = 5) -> String? {
    let others = occurrences - 1
    guard others > 0 else { return nil }
    let listed = recurrences.prefix(limit).map(\.place)
    let more = others > listed.count ? ", and \(others - listed.count) more" : ""
    let boots = others == 1 ? "1 more boot" : "\(others) more boots"
    return "Also in \(boots): " + listed.joined(separator: ", ") + more + "."
  }

  /// Findings with one fingerprint folded into the first, the others kept as its recurrences;
  /// the order of first occurrence is kept. Linear in the findings.
  static func folded(_ findings: [Finding]) -> [Finding] {
    var fold = FindingFold()
    fold.add(findings)
    return fold.findings
  }
}

extension Finding {
  /// What a finding says, as its rule words it. Each rule declares its messages as static
  /// functions of an `extension Finding.Message` at the end of its file (swift-format's
  /// convention), so the wording is read and reviewed in one place, apart from the logic that
  /// decides when it applies.
  public struct Message: Sendable, Equatable, ExpressibleByStringInterpolation {
    public var text: String

    public init(_ text: String) { self.text = text }
    public init(stringLiteral value: String) { text = value }
    public init(stringInterpolation: DefaultStringInterpolation) {
      text = String(stringInterpolation: stringInterpolation)
    }

    /// The message with a sentence after it (a caveat, the kernel changes assumed); itself when
    /// there is none.
    public func followed(by sentence: String?) -> Message {
      guard let sentence, !sentence.isEmpty else { return self }
      return Message(text + " " + sentence)
    }
  }
}

/// The hash behind fingerprints and `check --db`'s content keys.
public enum Fingerprint {
  /// FNV-1a of the text's UTF-8, 16 hex digits: stable across runs and machines.
  public static func fnv1a(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// Drops digits after `[` stamps and collapses spaces so a re-captured log matches.
  static func normalise(_ text: String) -> String {
    // Most lines have single spaces and no space at either end: they are their own form.
    var previous: UInt8 = 0x20
    var single = true
    for byte in text.utf8 {
      if byte == 0x20, previous == 0x20 {
        single = false
        break
      }
      previous = byte
    }
    if single, previous != 0x20 { return text }
    return text.split(separator: " ").joined(separator: " ")
  }
}
