/// Recognises, by content and never by name, inputs that are not plain text before any line is
/// read: compressed streams and archives (read through libarchive), images, documents, vmcores
/// and other binaries (refused with what they are and what to run instead).
enum BinarySniffer {
  enum Content: Equatable {
    case text
    /// gzip, xz, zstd, bzip2, lz4, lzma or compress: decompressed as it is read.
    case compressed(String)
    /// tar, zip, 7-Zip, cpio: a capture root of entries.
    case archive(String)
    case binary(what: String, hint: String)
  }

  /// Bytes enough to tell (a tar header's magic sits at 257).
  static let headLength = 4096

  /// Bytes enough to tell an archive or a compressed stream (a tar header is 512).
  static let packingHeadLength = 512

  /// What the first bytes say the input is.
  static func identify(_ head: UnsafeRawBufferPointer) -> Content {
    if let packed = packing(head) { return packed }
    func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
      head.count >= offset + magic.count && head[offset..<(offset + magic.count)].elementsEqual(magic)
    }
    if starts(Array("KDUMP   ".utf8)) || starts(Array("makedumpfile".utf8)) {
      return .binary(
        what: "a kdump vmcore (makedumpfile)",
        hint: "extract the crashed kernel's log with `vmcore-dmesg FILE > vmcore-dmesg.txt`")
    }
    if starts([0x7F, 0x45, 0x4C, 0x46]) {
      return .binary(
        what: "an ELF file (a vmcore or a program)",
        hint: "for a vmcore, extract the log with `vmcore-dmesg FILE > vmcore-dmesg.txt`")
    }
    if let image = imageKind(starts) {
      return .binary(what: image, hint: "give the text capture (dmesg, journal, serial log or /proc/iomem)")
    }
    if starts(Array("%PDF-".utf8)) {
      return .binary(what: "a PDF document", hint: "copy the log out of it as text")
    }
    // Text logs may hold NUL padding and escape codes, but not mostly other control bytes.
    let sample = head.prefix(65536)
    let control = sample.reduce(0) { n, c in
      n + ((c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x1B && c != 0x00) || c == 0x7F ? 1 : 0)
    }
    if sample.count >= 64 && control * 10 > sample.count {
      return .binary(
        what: "binary data, not text",
        hint: "give the text capture (dmesg, journal, serial log or /proc/iomem)")
    }
    return .text
  }

  /// A compressed stream or an archive by its magic (the first 512 bytes are enough), or `nil`.
  static func packing(_ head: UnsafeRawBufferPointer) -> Content? {
    func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
      head.count >= offset + magic.count && head[offset..<(offset + magic.count)].elementsEqual(magic)
    }
    if starts([0x1F, 0x8B]) { return .compressed("gzip") }
    if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .compressed("xz") }
    if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .compressed("zstd") }
    if starts(Array("BZh".utf8)) && head.count > 3 && (0x31...0x39).contains(head[3]) {
      return .compressed("bzip2")
    }
    if starts([0x04, 0x22, 0x4D, 0x18]) { return .compressed("lz4") }
    if starts([0x5D, 0x00, 0x00]) { return .compressed("lzma") }
    if starts([0x1F, 0x9D]) { return .compressed("compress") }
    if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
      return .archive("a zip archive")
    }
    if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .archive("a 7-Zip archive") }
    if starts(Array("ustar".utf8), at: 257) { return .archive("a tar archive") }
    if starts(Array("070707".utf8)) || starts(Array("070701".utf8)) || starts(Array("070702".utf8)) {
      return .archive("a cpio archive")
    }
    return nil
  }

  /// `a PNG image` and the like: a screenshot of a console is not a capture.
  private static func imageKind(_ starts: ([UInt8], Int) -> Bool) -> String? {
    if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0) { return "a PNG image" }
    if starts([0xFF, 0xD8, 0xFF], 0) { return "a JPEG image" }
    if starts(Array("GIF87a".utf8), 0) || starts(Array("GIF89a".utf8), 0) { return "a GIF image" }
    if starts(Array("RIFF".utf8), 0) && starts(Array("WEBP".utf8), 8) { return "a WebP image" }
    if starts([0x49, 0x49, 0x2A, 0x00], 0) || starts([0x4D, 0x4D, 0x00, 0x2A], 0) { return "a TIFF image" }
    if starts(Array("BM".utf8), 0) && starts([0x00, 0x00], 6) { return "a BMP image" }
    return nil
  }
}
