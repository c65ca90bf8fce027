/// One file of an archive and what became of it, so every file is accounted for: read (into
/// what the caller's `ArchiveEntryReader` made of it), or skipped with the reason.
public struct ArchiveMember<Content: Sendable>: Sendable {
  /// The path inside the archive, as the archive spells it.
  public var path: String
  public var outcome: Outcome

  public enum Outcome: Sendable {
    case read(Content)
    case skipped(reason: String)
  }

  public init(path: String, outcome: Outcome) {
    self.path = path
    self.outcome = outcome
  }
}

/// What an archive's text entries are read into: one reader per entry (or per rotated log, whose
/// files are read oldest first as one stream), fed the entry's bytes as they are decompressed,
/// in pieces cut anywhere. The archive reader knows bytes and names; what the text means is the
/// caller's.
public protocol ArchiveEntryReader {
  associatedtype Output: Sendable
  /// A reader of the entry named `source` (the archive's path, `/`, the entry's path).
  init(source: String)
  /// A reader of a rotated log's files read as one stream; `beginFile` starts each file.
  init(rotated log: RotatedLog)
  /// Goes on with the next file of a rotated log.
  mutating func beginFile(_ file: String)
  /// Takes the entry's next bytes.
  mutating func feed(chunk: ByteView)
  /// What the entry (or the rotated log) turned out to hold.
  mutating func finish() -> Output
}
