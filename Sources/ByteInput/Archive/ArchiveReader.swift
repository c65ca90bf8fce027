#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads an archive (tar, tar.gz/xz/zst/bz2, zip, 7-Zip, cpio) in one streaming pass: each
/// entry is decoded and read as it goes by — a compressed entry (a rotated `kern.log.2.gz`) is
/// decompressed on the way — so memory stays at a mebibyte of data plus what the readers keep,
/// and nothing is written to disk.
public enum ArchiveReader {
  /// Whether `path` is an archive of files (possibly compressed), by content.
  public static func isArchive(path: String) -> Bool {
    sniff(path) { fd, content in
      switch content {
      case .archive: return true
      case .compressed:
        guard let stream = try? ArchiveStream(fd: fd, prefix: [], name: path),
          (try? stream.nextEntry()) != nil
        else { return false }
        return stream.isArchive
      case .text, .binary, nil: return false
      }
    }
  }

  /// Whether `path` starts like an archive or a compressed file, readable or not (a truncated
  /// tarball): a fleet takes it for a capture of its own, whose reading then says what is wrong.
  public static func isPacked(path: String) -> Bool {
    sniff(path) { _, content in
      switch content {
      case .archive, .compressed: true
      case .text, .binary, nil: false
      }
    }
  }

  /// Opens `path` and decides by its head's packing (`nil`: neither compressed nor an archive).
  private static func sniff(_ path: String, _ decide: (Int32, BinarySniffer.Content?) -> Bool) -> Bool {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var head = [UInt8](repeating: 0, count: BinarySniffer.packingHeadLength)
    let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
    guard n > 0 else { return false }
    return decide(fd, head.prefix(n).withUnsafeBytes { BinarySniffer.packing($0) })
  }

  /// Reads every regular entry of the archive at `path` into a `Reader` of its own.
  /// `skip(entryPath)` returns a reason to leave an entry unread (it is still listed), or `nil`
  /// to read it. Each read entry's reader is named `path/entryPath`.
  ///
  /// A rotated log (`kern.log.2.gz`, `kern.log.1`, `kern.log`) is one member named by its
  /// newest file, read oldest file first as one stream. An archive lists its entries in any
  /// order, so the rotated files are set aside in the first pass and read in later passes
  /// over the archive, each taking the next files in time order as they go by: still one entry
  /// at a time, never unpacked to memory or disk.
  public static func read<Reader: ArchiveEntryReader>(
    path: String, into _: Reader.Type, skip: (String) -> String? = { _ in nil }
  ) throws(InputError) -> [ArchiveMember<Reader.Output>] {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    var members: [ArchiveMember<Reader.Output>] = []
    var candidates: [String] = []
    var setAside = Set<String>()
    try forEachEntry(of: path) { stream, name, isRegular throws(InputError) in
      guard isRegular else {
        members.append(
          ArchiveMember(path: name, outcome: .skipped(reason: "not a regular file (a link or device)")))
        return
      }
      if let reason = skip(name) {
        members.append(ArchiveMember(path: name, outcome: .skipped(reason: reason)))
        return
      }
      candidates.append(name)
      if RotatedLog.isRotatedFile(name) {
        setAside.insert(name)
        return
      }
      var reader = Reader(source: path + "/" + name)
      let outcome: ArchiveMember<Reader.Output>.Outcome =
        readEntry(stream, source: path + "/" + name, buffer, into: &reader).map { .skipped(reason: $0) }
        ?? .read(reader.finish())
      members.append(ArchiveMember(path: name, outcome: outcome))
    }
    let logs = RotatedLog.group(candidates).filter { $0.files.count > 1 || setAside.contains($0.files[0]) }
    guard !logs.isEmpty else { return members }
    let inLogs = Set(logs.flatMap(\.files))
    members.removeAll { inLogs.contains($0.path) }
    try readRotated(logs, of: path, buffer, reading: Reader.self, into: &members)
    return members
  }

  /// Reads each rotated log oldest file first, in as many passes over the archive as its
  /// order needs; a file that cannot be read is listed with the reason and the stream goes on.
  private static func readRotated<Reader: ArchiveEntryReader>(
    _ logs: [RotatedLog], of path: String, _ buffer: UnsafeMutableRawBufferPointer,
    reading _: Reader.Type, into members: inout [ArchiveMember<Reader.Output>]
  ) throws(InputError) {
    var readers = logs.map { log in
      Reader(rotated: RotatedLog(files: log.files.map { path + "/" + $0 }))
    }
    var next = Array(repeating: 0, count: logs.count)
    var read = Array(repeating: false, count: logs.count)
    var skipped: [[ArchiveMember<Reader.Output>]] = Array(repeating: [], count: logs.count)
    while next.indices.contains(where: { next[$0] < logs[$0].files.count }) {
      var progressed = false
      try forEachEntry(of: path) { stream, name, _ throws(InputError) in
        for k in logs.indices where next[k] < logs[k].files.count && logs[k].files[next[k]] == name {
          next[k] += 1
          progressed = true
          if let reason = readEntry(
            stream, source: path + "/" + name, buffer, into: &readers[k], beginning: true)
          {
            skipped[k].append(ArchiveMember(path: name, outcome: .skipped(reason: reason)))
          } else {
            read[k] = true
          }
        }
      }
      guard progressed else { break }
    }
    for k in logs.indices {
      if read[k] {
        members.append(ArchiveMember(path: logs[k].newest, outcome: .read(readers[k].finish())))
      }
      members += skipped[k]
    }
  }

  /// Calls `body` with each entry of the archive at `path` other than directories: the stream
  /// positioned at its data, its path without a leading `./` or `/`, and whether it is a
  /// regular file.
  private static func forEachEntry(
    of path: String, _ body: (ArchiveStream, String, Bool) throws(InputError) -> Void
  ) throws(InputError) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    let stream = try ArchiveStream(fd: fd, prefix: [], name: path)
    while let entry = try stream.nextEntry() {
      var relative = Substring(entry.path)
      while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
      while relative.hasPrefix("/") { relative = relative.dropFirst() }
      guard !entry.isDirectory, !relative.isEmpty else { continue }
      try body(stream, String(relative), entry.isRegular)
    }
  }

  /// Reads the current entry as text into `reader` (after `beginFile` when `beginning`), or
  /// returns why not. What is sniffed as not text is never fed to the reader.
  private static func readEntry<Reader: ArchiveEntryReader>(
    _ stream: ArchiveStream, source: String, _ buffer: UnsafeMutableRawBufferPointer,
    into reader: inout Reader, beginning: Bool = false
  ) -> String? {
    do {
      let n = try stream.read(into: buffer)
      let head = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
      switch BinarySniffer.identify(head) {
      case .text:
        if beginning { reader.beginFile(source) }
        reader.feed(chunk: ByteView(storage: head))
        while true {
          let n = try stream.read(into: buffer)
          guard n > 0 else { break }
          reader.feed(chunk: ByteView(storage: UnsafeRawBufferPointer(rebasing: buffer[0..<n])))
        }
      case .compressed:
        let inner = try ArchiveStream(entryOf: stream, prefix: Array(head), name: source)
        guard try inner.nextEntry() != nil else { break }
        if inner.isArchive { return "an archive inside the archive: extract it and check it on its own" }
        if beginning { reader.beginFile(source) }
        try DecompressedText.stream(inner, name: source) { reader.feed(chunk: ByteView(storage: $0)) }
      case .archive(let what):
        return "\(what) inside the archive: extract it and check it on its own"
      case .binary(let what, _):
        return what
      }
    } catch {
      return error.reason
    }
    return nil
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
