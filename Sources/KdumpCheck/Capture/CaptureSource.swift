import IomemParse

/// One file of a VM's capture that was read: what it held, the mangled forms it arrived in and
/// what was undone, and the earlier file it repeats (then it was not read again).
public struct CaptureSource: Sendable {
  public var source: String
  /// The files read, oldest first: `source` alone, or a rotated log's files ending with it.
  public var files: [String]
  public var kind: CaptureFile.Kind
  public var duplicateOf: String?
  public var forms: PasteForms
  public var repairs: RepairCounts

  init(_ file: CaptureFile, duplicateOf: String?) {
    source = file.source
    files = file.files
    kind = file.kind
    self.duplicateOf = duplicateOf
    forms = file.forms
    repairs = file.repairs
  }

  /// `read as quoted-printable, email quoting; undone: …`, or `nil` for a clean file.
  public var repairNote: String? { RepairCounts.note(forms: forms, counts: repairs) }
}

/// A file of a VM's capture that was not read, and why: binary, an image, no recognisable
/// content, unreadable, or a sosreport file that holds no capture.
public struct SkippedInput: Sendable, Equatable {
  public var source: String
  public var reason: String

  public init(source: String, reason: String) {
    self.source = source
    self.reason = reason
  }
}

extension [SkippedInput] {
  /// The skipped files grouped by reason, reasons in the order first met, for summaries
  /// (`3 binary data, not text; 1 a PNG image`).
  public var byReason: [(reason: String, sources: [String])] {
    var groups: [(reason: String, sources: [String])] = []
    for s in self {
      if let i = groups.firstIndex(where: { $0.reason == s.reason }) {
        groups[i].sources.append(s.source)
      } else {
        groups.append((s.reason, [s.source]))
      }
    }
    return groups
  }
}
