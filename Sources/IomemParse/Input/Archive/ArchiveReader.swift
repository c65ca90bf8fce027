#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One file of a capture (a directory's or an archive's) and what became of it, so every file
/// is accounted for: read (as what the `CaptureFile` says), or skipped with the reason.
public struct CaptureMember: Sendable {
  /// The path inside the capture root, as the archive or directory spells it.
  public var path: String
  public var outcome: Outcome

  public enum Outcome: Sendable {
    case read(CaptureFile)
    case skipped(reason: String)
  }

  public init(path: String, outcome: Outcome) {
    self.path = path
    self.outcome = outcome
  }
}

/// Reads an archive (tar, tar.gz/xz/zst/bz2, zip, 7-Zip, cpio) in one streaming pass: each
/// entry is decoded and read as it goes by — a compressed entry (a rotated `kern.log.2.gz`) is
/// decompressed on the way — so memory stays at a mebibyte of data plus what the readers keep,
/// and nothing is written to disk.
public enum ArchiveReader {
  /// Whether `path` is an archive of files (possibly compressed), by content.
  public static func isArchive(path: String) -> Bool {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var head = [UInt8](repeating: 0, count: BinarySniffer.headLength)
    let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
    guard n > 0 else { return false }
    switch head.prefix(n).withUnsafeBytes({ BinarySniffer.identify($0) }) {
    case .archive: return true
    case .compressed:
      guard let stream = try? ArchiveStream(fd: fd, prefix: [], name: path), (try? stream.nextEntry()) != nil
      else { return false }
      return stream.isArchive
    case .text, .binary: return false
    }
  }

  /// Reads every regular entry of the archive at `path`. `skip(entryPath)` returns a reason to
  /// leave an entry unread (it is still listed), or `nil` to read it. Each read entry's
  /// `CaptureFile` is named `path/entryPath`.
  public static func read(
    path: String, skip: (String) -> String? = { _ in nil }
  ) throws(InputError) -> [CaptureMember] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    let stream = try ArchiveStream(fd: fd, prefix: [], name: path)
    var members: [CaptureMember] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while let entry = try stream.nextEntry() {
      var relative = Substring(entry.path)
      while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
      while relative.hasPrefix("/") { relative = relative.dropFirst() }
      guard !entry.isDirectory, !relative.isEmpty else { continue }
      let name = String(relative)
      guard entry.isRegular else {
        members.append(
          CaptureMember(path: name, outcome: .skipped(reason: "not a regular file (a link or device)")))
        continue
      }
      if let reason = skip(name) {
        members.append(CaptureMember(path: name, outcome: .skipped(reason: reason)))
        continue
      }
      members.append(CaptureMember(path: name, outcome: readEntry(stream, source: path + "/" + name, buffer)))
    }
    return members
  }

  /// The current entry read as text, or why not.
  private static func readEntry(
    _ stream: ArchiveStream, source: String, _ buffer: UnsafeMutableRawBufferPointer
  ) -> CaptureMember.Outcome {
    var reader = CaptureFileReader(source: source)
    do {
      let n = try stream.read(into: buffer)
      let head = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
      switch BinarySniffer.identify(head) {
      case .text:
        reader.feed(chunk: head)
        while true {
          let n = try stream.read(into: buffer)
          guard n > 0 else { break }
          reader.feed(chunk: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
      case .compressed:
        let inner = try ArchiveStream(entryOf: stream, prefix: Array(head), name: source)
        guard try inner.nextEntry() != nil else { break }
        if inner.isArchive {
          return .skipped(reason: "an archive inside the archive: extract it and check it on its own")
        }
        try DecompressedText.stream(inner, name: source) { reader.feed(chunk: $0) }
      case .archive(let what):
        return .skipped(reason: "\(what) inside the archive: extract it and check it on its own")
      case .binary(let what, _):
        return .skipped(reason: what)
      }
    } catch {
      return .skipped(reason: error.reason)
    }
    return .read(reader.finish())
  }
}

extension InputError {
  /// The message without the input's name, for a listing that already names it.
  public var reason: String {
    switch self {
    case .cannotOpen(_, let reason): "cannot open: \(reason)"
    case .isDirectory: "is a directory"
    case .readFailed(_, let reason): "read failed: \(reason)"
    case .notText(_, let what, _): what
    case .isArchive(_, let what): what + " (an archive)"
    }
  }
}
