internal import CArchive

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A libarchive reader over a file descriptor or over the current entry of another archive:
/// compressed files (gzip, xz, zstd, bzip2, lz4, lzma, compress) and archives (tar, zip, 7-Zip,
/// cpio), decoded as they are read — nothing is unpacked whole into memory or onto disk.
///
/// A plain compressed file reads as one entry of the `raw` format; `isArchive` tells the two
/// apart after the first `nextEntry()`.
final class ArchiveStream {
  private let handle: OpaquePointer
  private let context: ReadContext
  /// How the user named the input, for messages.
  let name: String

  /// One entry's header.
  struct Entry {
    var path: String
    var isRegular: Bool
    var isDirectory: Bool
  }

  /// Reads `fd` (not closed here), replaying `prefix` — bytes already read from it to sniff
  /// them — first.
  convenience init(fd: Int32, prefix: [UInt8], name: String) throws(InputError) {
    try self.init(ReadContext(origin: .fd(fd), prefix: prefix), name: name)
  }

  /// Reads the current entry of `outer` (a compressed log inside a tarball), replaying
  /// `prefix` first.
  convenience init(entryOf outer: ArchiveStream, prefix: [UInt8], name: String) throws(InputError) {
    try self.init(ReadContext(origin: .entry(outer), prefix: prefix), name: name)
  }

  private init(_ context: ReadContext, name: String) throws(InputError) {
    guard let handle = archive_read_new() else {
      throw .readFailed(path: name, reason: "libarchive could not start a reader")
    }
    self.handle = handle
    self.context = context
    self.name = name
    archive_read_support_filter_gzip(handle)
    archive_read_support_filter_bzip2(handle)
    archive_read_support_filter_xz(handle)
    archive_read_support_filter_lzma(handle)
    archive_read_support_filter_zstd(handle)
    archive_read_support_filter_lz4(handle)
    archive_read_support_filter_compress(handle)
    archive_read_support_format_tar(handle)
    archive_read_support_format_gnutar(handle)
    archive_read_support_format_zip(handle)
    archive_read_support_format_7zip(handle)
    archive_read_support_format_cpio(handle)
    archive_read_support_format_raw(handle)
    let opaque = Unmanaged.passUnretained(context).toOpaque()
    if archive_read_open(handle, opaque, nil, archiveRead, nil) != ARCHIVE_OK {
      // Every property is set, so `deinit` frees the handle.
      throw .readFailed(path: name, reason: Self.error(handle))
    }
  }

  deinit { archive_read_free(handle) }

  /// The next entry, or `nil` at the end.
  func nextEntry() throws(InputError) -> Entry? {
    var entry: OpaquePointer?
    let status = archive_read_next_header(handle, &entry)
    if status == ARCHIVE_EOF { return nil }
    guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
      throw .readFailed(path: name, reason: Self.error(handle))
    }
    let path = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
    return Entry(
      path: path, isRegular: carchive_entry_is_regular(entry) != 0,
      isDirectory: carchive_entry_is_directory(entry) != 0)
  }

  /// Whether the input is an archive of entries rather than one compressed stream.
  var isArchive: Bool { archive_format(handle) & ARCHIVE_FORMAT_BASE_MASK != ARCHIVE_FORMAT_RAW }

  /// The compression, `gzip`, `xz`…, or `nil` for none.
  var compression: String? {
    guard archive_filter_count(handle) > 1, let name = archive_filter_name(handle, 0) else { return nil }
    return String(cString: name)
  }

  /// Reads the current entry's next bytes into `buffer`; 0 at its end.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    let n = archive_read_data(handle, buffer.baseAddress, buffer.count)
    guard n >= 0 else { throw .readFailed(path: name, reason: Self.error(handle)) }
    return n
  }

  private static func error(_ handle: OpaquePointer) -> String {
    archive_error_string(handle).map { String(cString: $0) } ?? "libarchive error \(archive_errno(handle))"
  }
}

/// Where an `ArchiveStream` reads its raw bytes: a descriptor or an outer archive's entry,
/// after the bytes already read to sniff the input.
private final class ReadContext {
  enum Origin {
    case fd(Int32)
    case entry(ArchiveStream)
  }
  let origin: Origin
  private var prefix: UnsafeMutableRawBufferPointer?
  private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)

  init(origin: Origin, prefix: [UInt8]) {
    self.origin = origin
    if !prefix.isEmpty {
      let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: prefix.count, alignment: 1)
      copy.copyBytes(from: prefix)
      self.prefix = copy
    }
  }

  deinit {
    buffer.deallocate()
    prefix?.deallocate()
  }

  /// Hands libarchive the next bytes: the prefix once, then reads. -1 on a read error.
  func read(_ out: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
    if let prefix {
      self.prefix = nil
      // Kept alive until the next read: copied into the buffer and freed now.
      let n = min(prefix.count, buffer.count)
      if prefix.count <= buffer.count {
        buffer.copyMemory(from: UnsafeRawBufferPointer(prefix))
        prefix.deallocate()
        out.pointee = UnsafeRawPointer(buffer.baseAddress)
        return n
      }
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: prefix[0..<n]))
      let rest = UnsafeMutableRawBufferPointer.allocate(byteCount: prefix.count - n, alignment: 1)
      rest.copyMemory(from: UnsafeRawBufferPointer(rebasing: prefix[n...]))
      prefix.deallocate()
      self.prefix = rest
      out.pointee = UnsafeRawPointer(buffer.baseAddress)
      return n
    }
    out.pointee = UnsafeRawPointer(buffer.baseAddress)
    switch origin {
    case .fd(let fd):
      while true {
        let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
        if n < 0 && errno == EINTR { continue }
        return n
      }
    case .entry(let outer):
      return (try? outer.read(into: buffer)) ?? -1
    }
  }
}

private let archiveRead:
  @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int =
    {
      _, context, out in
      guard let context, let out else { return -1 }
      return Unmanaged<ReadContext>.fromOpaque(context).takeUnretainedValue().read(out)
    }
