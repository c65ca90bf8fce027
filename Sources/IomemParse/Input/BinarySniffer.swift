/// Recognises inputs that are not text before any line is read: compressed files, vmcores,
/// other binaries. Each gets a message that says what it is and what to run instead.
enum BinarySniffer {
  /// What the first bytes say the input is, or `nil` for text.
  static func identify(_ head: UnsafeRawBufferPointer) -> (what: String, hint: String)? {
    func starts(_ magic: [UInt8]) -> Bool {
      head.count >= magic.count && head.prefix(magic.count).elementsEqual(magic)
    }
    if starts([0x1F, 0x8B]) { return ("gzip-compressed", "run `zcat FILE | iomem-audit <command> -`") }
    if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
      return ("xz-compressed", "run `xzcat FILE | iomem-audit <command> -`")
    }
    if starts([0x28, 0xB5, 0x2F, 0xFD]) {
      return ("zstd-compressed", "run `zstdcat FILE | iomem-audit <command> -`")
    }
    if starts(Array("BZh".utf8)) && head.count > 3 && (0x31...0x39).contains(head[3]) {
      return ("bzip2-compressed", "run `bzcat FILE | iomem-audit <command> -`")
    }
    if starts(Array("KDUMP   ".utf8)) || starts(Array("makedumpfile".utf8)) {
      return (
        "a kdump vmcore (makedumpfile)",
        "extract the crashed kernel's log with `vmcore-dmesg FILE > vmcore-dmesg.txt`"
      )
    }
    if starts([0x7F, 0x45, 0x4C, 0x46]) {
      return (
        "an ELF file (a vmcore or a program)",
        "for a vmcore, extract the log with `vmcore-dmesg FILE > vmcore-dmesg.txt`"
      )
    }
    if starts([0x50, 0x4B, 0x03, 0x04]) { return ("a zip archive", "unpack it and give the directory") }
    if head.count >= 262, head[257..<262].elementsEqual(Array("ustar".utf8)) {
      return ("a tar archive (a sosreport?)", "extract it (`tar xf FILE`) and give the directory")
    }
    // Text logs may hold NUL padding and escape codes, but not mostly other control bytes.
    let sample = head.prefix(65536)
    let control = sample.reduce(0) { n, c in
      n + ((c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x1B && c != 0x00) || c == 0x7F ? 1 : 0)
    }
    if sample.count >= 64 && control * 10 > sample.count {
      return ("binary data, not text", "give the text capture (dmesg, journal, serial log or /proc/iomem)")
    }
    return nil
  }
}
