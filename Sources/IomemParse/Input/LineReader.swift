#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file or stdin in 1 MiB chunks and hands out lines as byte views, never the whole input.
///
/// Lines split on 0x0A only (a CR before it is dropped), so CRLF files, invalid UTF-8 and NUL
/// bytes pass through untouched. Memory stays at one chunk plus the longest line.
public struct LineReader: Sendable {
  /// How the user named the input (`-` for stdin); used in every message.
  public let name: String
  private let path: String?
  private let chunkSize: Int

  /// `path == "-"` reads standard input.
  public init(path: String, chunkSize: Int = 1 << 20) {
    self.name = path
    self.path = path == "-" ? nil : path
    self.chunkSize = chunkSize
  }

  /// Calls `body` with each line (without its terminator) and its 1-based number.
  public func forEachLine(
    _ body: (UnsafeRawBufferPointer, Int) -> Void
  ) throws(InputError) {
    let fd = try openInput()
    defer { if path != nil { close(fd) } }
    var splitter = LineSplitter()
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    defer { chunk.deallocate() }
    var first = true
    while true {
      let n = read(fd, chunk.baseAddress, chunkSize)
      if n < 0 {
        if errno == EINTR { continue }
        throw .readFailed(path: name, reason: String(cString: strerror(errno)))
      }
      if n == 0 { break }
      let piece = UnsafeRawBufferPointer(rebasing: chunk[0..<n])
      if first, let (what, hint) = BinarySniffer.identify(piece) {
        throw .notText(path: name, what: what, hint: hint.replacingFile(with: name))
      }
      first = false
      splitter.feed(piece, body)
    }
    splitter.finish(body)
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

/// Splits a byte stream fed in arbitrary pieces into lines; the piece boundaries never show.
public struct LineSplitter: Sendable {
  private var carry: [UInt8] = []
  private var lineNumber = 0

  public init() {}

  /// Number of lines handed out so far.
  public var linesSeen: Int { lineNumber }

  public mutating func feed(
    _ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Int) -> Void
  ) {
    guard let base = bytes.baseAddress else { return }
    var start = 0
    let count = bytes.count
    while start < count {
      guard let hit = memchr(base + start, 0x0A, count - start) else {
        carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<count]))
        return
      }
      let end = base.distance(to: UnsafeRawPointer(hit))
      lineNumber += 1
      if carry.isEmpty {
        emit(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), body)
      } else {
        carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        carry.withUnsafeBytes { emit($0, body) }
        carry.removeAll(keepingCapacity: carry.count < 1 << 16)
      }
      start = end + 1
    }
  }

  /// Hands out the last line when the input does not end in a newline.
  public mutating func finish(_ body: (UnsafeRawBufferPointer, Int) -> Void) {
    guard !carry.isEmpty else { return }
    lineNumber += 1
    carry.withUnsafeBytes { emit($0, body) }
    carry.removeAll()
  }

  private func emit(_ line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Int) -> Void) {
    if let last = line.last, last == 0x0D {
      body(UnsafeRawBufferPointer(rebasing: line[0..<(line.count - 1)]), lineNumber)
    } else {
      body(line, lineNumber)
    }
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
