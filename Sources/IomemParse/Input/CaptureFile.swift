/// One input read once into both readers: a paste may hold /proc/iomem, kernel-log lines and
/// prose together, so each line goes to both and each takes what it understands.
public struct CaptureFile: Sendable {
  public var source: String
  public var iomem: IomemDocument
  public var log: KernelLog

  /// What the input turned out to hold.
  public enum Kind: String, Sendable {
    case iomem
    case kernelLog = "kernel_log"
    case mixed, nothing
    case kdumpLog = "kexec_dmesg"
    case crashedKernelLog = "vmcore_dmesg"
  }

  public var kind: Kind {
    let hasIomem = !iomem.dumps.isEmpty
    let hasLog = log.lines.kernelMessages > 0
    switch (hasIomem, hasLog) {
    case (true, true): return .mixed
    case (true, false): return .iomem
    case (false, true):
      let name = source.split(separator: "/").last.map(String.init) ?? source
      if name.hasPrefix("kexec-dmesg") { return .kdumpLog }
      if name.hasPrefix("vmcore-dmesg") { return .crashedKernelLog }
      return .kernelLog
    case (false, false): return .nothing
    }
  }

  /// Reads `path` (`-` for stdin, cited as `<stdin>`) in one streaming pass.
  public static func read(path: String) throws(InputError) -> CaptureFile {
    let name = path == "-" ? "<stdin>" : path
    var iomem = IomemReader(source: name)
    var log = KernelLogReader(source: name)
    try LineReader(path: path).forEachBlock { block, first in
      _ = iomem.feed(block: block, firstLine: first)
      return log.feed(block: block, firstLine: first)
    }
    return CaptureFile(source: name, iomem: iomem.finish(), log: log.finish())
  }

  /// Reads text already in memory, named `source` (tests, rule examples).
  public static func read(text: String, source: String) -> CaptureFile {
    CaptureFile(
      source: source, iomem: IomemReader.read(text: text, source: source),
      log: KernelLogReader.read(text: text, source: source))
  }
}
