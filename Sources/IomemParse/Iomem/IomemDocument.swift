/// Everything read from one input that may hold /proc/iomem: each dump, what was set aside, and
/// an account of every line.
public struct IomemDocument: Sendable {
  /// The input's name as the user gave it.
  public let source: String
  /// Memory dumps in input order; a paste can hold several (before/after, two machines).
  public var dumps: [IomemDump]
  /// `/proc/ioports` dumps found in the input: recognised, never mixed into the memory tree.
  public var ioports: [IomemDump]
  public var diagnostics: [Diagnostic]
  public var lines: LineAccount

  /// The first memory dump, which single-dump callers want.
  public var first: IomemDump? { dumps.first }
}

extension IomemDocument {
  /// An input that held no /proc/iomem: a log's boots checked on their own.
  public init(empty source: String) {
    self.init(source: source, dumps: [], ioports: [], diagnostics: [], lines: LineAccount())
  }
}

/// One /proc/iomem (or /proc/ioports) dump: a run of entry lines and the tree they describe.
public struct IomemDump: Sendable {
  /// The file the dump's lines are in (its input, or one file of a rotated log read as one).
  public var source: String
  public var firstLine: Int
  public var lastLine: Int
  public var roots: [ResourceNode]
  /// How the nesting was decided.
  public var nesting: Nesting
  /// True when every address printed as zero (read without CAP_SYS_ADMIN).
  public var addressesHidden: Bool
  /// Minimum hex width of the addresses (8 for iomem, 4 for ioports), for re-printing.
  public var width: Int

  public init(
    source: String, firstLine: Int, lastLine: Int, roots: [ResourceNode], nesting: Nesting,
    addressesHidden: Bool, width: Int
  ) {
    self.source = source
    self.firstLine = firstLine
    self.lastLine = lastLine
    self.roots = roots
    self.nesting = nesting
    self.addressesHidden = addressesHidden
    self.width = width
  }

  public enum Nesting: String, Sendable {
    /// The dump's own indentation, verified against containment.
    case indentation
    /// Indentation was lost (flat paste or tabs): recovered from which range contains which.
    case containment
  }

  /// Number of entries in the tree.
  public var entryCount: Int {
    var n = 0
    for root in roots { root.walk { _, _ in n += 1 } }
    return n
  }
}

/// How each input line was used; the counts add up to the number of lines read.
public struct LineAccount: Sendable, Equatable {
  public var total = 0
  /// Parsed into an entry of a memory dump.
  public var entries = 0
  /// Parsed into an entry of an ioports dump (set aside).
  public var ioports = 0
  /// Looked like an entry but could not be parsed (each has an error diagnostic).
  public var bad = 0
  /// `...` or `[snip]` inside a dump.
  public var elisions = 0
  public var blank = 0
  /// Text that is not part of a dump: prose, shell prompts, log lines.
  public var skipped = 0
  /// Joined onto the line before by a quoted-printable soft line break.
  public var joined = 0

  public init() {}

  /// Runs of skipped lines, for `--list-skipped`.
  public var skippedSpans = LineSpans()
}
