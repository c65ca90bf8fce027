/// Reads an `ArchiveStream`'s current entry (a decompressed file, or a file inside an archive)
/// as text, a mebibyte at a time, refusing it by content when it is not text.
enum DecompressedText {
  /// Hands each piece of the entry to `feed`; throws `.notText` / `.isArchive` when its first
  /// bytes are an image, a binary or another archive.
  static func stream(
    _ stream: ArchiveStream, name: String, _ feed: (UnsafeRawBufferPointer) -> Void
  ) throws(InputError) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    var first = true
    while true {
      let n = try stream.read(into: buffer)
      guard n > 0 else { return }
      let piece = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
      if first {
        first = false
        switch BinarySniffer.identify(piece) {
        case .text: break
        case .compressed(let what):
          throw .notText(
            path: name, what: "compressed twice (\(what) inside)", hint: "decompress it once first")
        case .archive(let what): throw .isArchive(path: name, what: what)
        case .binary(let what, let hint):
          throw .notText(path: name, what: what, hint: hint.replacingFile(with: name))
        }
      }
      feed(piece)
    }
  }
}
