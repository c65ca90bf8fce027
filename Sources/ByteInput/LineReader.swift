#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file (mapped a window at a time) or stdin (in chunks) and hands out lines as byte
/// views, never the whole input.
///
/// Lines split on 0x0A only (a CR before it is dropped), so CRLF files, invalid UTF-8 and NUL
/// bytes pass through untouched. Memory stays at one chunk plus the longest line.
public struct LineReader: Sendable {
  /// How the user named the input (`-` for stdin); used in every message.
  public let name: String
  private let path: String?
  private let chunkSize: Int
  private let windowSize: Int
  private let readWholeLimit: Int

  /// `path == "-"` reads standard input. A regular file up to `readWholeLimit` bytes is read
  /// whole (mapping one costs more than copying it: page faults, and an unmap that flushes every
  /// core's TLB — most of a fleet's files are small); a larger one is mapped `windowSize` bytes at
  /// a time (rounded up to whole pages); pipes are read `chunkSize` bytes at a time.
  public init(
    path: String, chunkSize: Int = 4 << 20, windowSize: Int = 8 << 20, readWholeLimit: Int = 1 << 20
  ) {
    self.name = path
    self.path = path == "-" ? nil : path
    self.chunkSize = chunkSize
    self.readWholeLimit = readWholeLimit
    let page = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
    self.windowSize = max(page, (windowSize + page - 1) / page * page)
  }

  /// Calls `body` with each line (without its terminator) and its 1-based number.
  public func forEachLine(
    _ body: (ByteView, Int) -> Void
  ) throws(InputError) {
    try forEachBlock { block, first in LineSplitter.forEachLine(in: block, firstLine: first, body) }
  }

  /// Calls `body` with blocks of whole lines (see `LineSplitter.feedBlocks`) and the number of
  /// each block's first line; `body` returns how many lines the block held. Readers with a fast
  /// path for common lines take whole blocks rather than a call per line.
  ///
  /// A regular file is mapped a window at a time (no copy into a buffer; the window is unmapped
  /// before the next, so resident memory stays at one window); pipes and stdin are read in
  /// chunks. A compressed input (a rotated `kern.log.1.gz`, `zcat`-less stdin) is decompressed
  /// through libarchive as it is read. An archive (tar, zip) is refused with `.isArchive`: it
  /// holds files, which `ArchiveReader` reads.
  public func forEachBlock(
    _ body: (ByteView, Int) -> Int
  ) throws(InputError) {
    let fd = try openInput()
    defer { if path != nil { close(fd) } }
    var splitter = LineSplitter()
    defer { splitter.finishBlocks(body) }
    if let (head, size) = regularFileHead(fd) {
      switch head.withUnsafeBytes({ BinarySniffer.identify($0) }) {
      case .text:
        if size <= readWholeLimit, let whole = head.count == size ? head : readWhole(fd, size: size) {
          whole.withUnsafeBytes { splitter.feedBlocks($0, body) }
          return
        }
        if try mapWindows(fd, { splitter.feedBlocks($0, body) }) { return }
      case .compressed:
        guard lseek(fd, 0, SEEK_SET) == 0 else {
          throw .readFailed(path: name, reason: String(cString: strerror(errno)))
        }
        return try decompress(fd, prefix: [], into: &splitter, body)
      case .archive(let what): throw .isArchive(path: name, what: what)
      case .binary(let what, let hint):
        throw .notText(path: name, what: what, hint: hint.replacingFile(with: name))
      }
    }
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    defer { chunk.deallocate() }
    var first = true
    while let filled = try readChunk(fd, chunk) {
      let piece = UnsafeRawBufferPointer(rebasing: chunk[0..<filled])
      if first {
        first = false
        switch BinarySniffer.identify(piece) {
        case .text: break
        case .compressed: return try decompress(fd, prefix: Array(piece), into: &splitter, body)
        case .archive(let what): throw .isArchive(path: name, what: what)
        case .binary(let what, let hint):
          throw .notText(path: name, what: what, hint: hint.replacingFile(with: name))
        }
      }
      splitter.feedBlocks(piece, body)
    }
  }

  /// Fills `chunk` from a pipe: a pipe hands out 64 KiB a read, so reading goes on while more is
  /// ready (blocks large enough to scan on several cores) but never waits while holding some.
  /// `nil` at the end of the input.
  private func readChunk(_ fd: Int32, _ chunk: UnsafeMutableRawBufferPointer) throws(InputError) -> Int? {
    var filled = 0
    while filled < chunk.count {
      let n = read(fd, chunk.baseAddress! + filled, chunk.count - filled)
      if n < 0 {
        if errno == EINTR { continue }
        throw .readFailed(path: name, reason: String(cString: strerror(errno)))
      }
      if n == 0 { break }
      filled += n
      var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      if poll(&ready, 1, 0) <= 0 { break }
    }
    return filled > 0 ? filled : nil
  }

  /// The first bytes of a regular, non-empty file (read with `pread`, the offset untouched) and
  /// the file's size; `nil` for pipes, stdin and empty files.
  private func regularFileHead(_ fd: Int32) -> ([UInt8], Int)? {
    var info = stat()
    guard path != nil, fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else {
      return nil
    }
    var head = [UInt8](repeating: 0, count: min(BinarySniffer.headLength, Int(info.st_size)))
    let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
    guard n > 0 else { return nil }
    head.removeLast(head.count - n)
    return (head, Int(info.st_size))
  }

  /// A small file's bytes read with `pread`, or `nil` when a read fails (the caller then maps it).
  private func readWhole(_ fd: Int32, size: Int) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: size)
    var filled = 0
    while filled < size {
      let n = bytes.withUnsafeMutableBytes {
        pread(fd, $0.baseAddress! + filled, size - filled, off_t(filled))
      }
      if n < 0, errno == EINTR { continue }
      guard n > 0 else { break }
      filled += n
    }
    guard filled > 0 else { return nil }
    bytes.removeLast(size - filled)
    return bytes
  }

  /// Streams a compressed input's decompressed bytes into `splitter`, a megabyte at a time.
  private func decompress(
    _ fd: Int32, prefix: [UInt8], into splitter: inout LineSplitter,
    _ body: (ByteView, Int) -> Int
  ) throws(InputError) {
    let stream = try ArchiveStream(fd: fd, prefix: prefix, name: name)
    guard try stream.nextEntry() != nil else { return }
    if stream.isArchive { throw .isArchive(path: name, what: "a compressed archive") }
    try DecompressedText.stream(stream, name: name) { splitter.feedBlocks($0, body) }
  }

  /// Feeds a regular file window by window through `mmap`; returns false (having read
  /// nothing) when `fd` cannot be mapped, so the caller reads instead.
  private func mapWindows(_ fd: Int32, _ feed: (UnsafeRawBufferPointer) -> Void) throws(InputError) -> Bool {
    var info = stat()
    guard fstat(fd, &info) == 0 else { return false }
    let size = Int(info.st_size)
    var offset = 0
    while offset < size {
      var window = MappedWindow(fd: fd, offset: offset, length: min(windowSize, size - offset))
      guard let map = window.map else {
        if offset == 0 { return false }
        throw .readFailed(path: name, reason: String(cString: strerror(window.error)))
      }
      defer { window.unmap() }
      feed(UnsafeRawBufferPointer(start: map, count: window.length))
      offset += window.length
    }
    return true
  }

  private func openInput() throws(InputError) -> Int32 {
    guard let path else { return 0 }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    var info = stat()
    if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      close(fd)
      throw .isDirectory(path: path)
    }
    return fd
  }
}

extension String {
  /// Puts the input's name into a hint such as `zcat FILE | …`.
  func replacingFile(with name: String) -> String {
    var out = ""
    var rest = Substring(self)
    while let r = rest.firstRange(of: "FILE") {
      out += rest[..<r.lowerBound] + (name == "-" ? "-" : name)
      rest = rest[r.upperBound...]
    }
    return out + rest
  }
}
