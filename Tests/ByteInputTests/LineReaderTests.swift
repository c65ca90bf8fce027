import ByteInput
import Foundation
import SeededRandom
import Testing

/// Files (read whole or mapped a window at a time) and the errors of inputs that are not files.
@Suite struct LineReaderTests {
  /// A file read through several mapped windows (the next mapped while one is read), or read
  /// whole, gives the lines an in-memory split gives, lines across window ends included, with or
  /// without a last newline.
  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func windowedFileReadsLikeMemory(finalNewline: Bool, whole: Bool) throws {
    var rng = SplitMix64(seed: 5)
    var bytes: [UInt8] = []
    while bytes.count < 60_000 {
      bytes +=
        Array(repeating: UInt8(ascii: "x"), count: Int(rng.next() % 300))
        + (rng.next() % 9 == 0 ? [0x0D] : [])
      bytes.append(0x0A)
    }
    if !finalNewline { bytes += Array("no newline at the end".utf8) }
    let path = NSTemporaryDirectory() + "iomem-audit-windows-\(getpid())-\(finalNewline)-\(whole)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var read: [[UInt8]] = []
    let reader = LineReader(path: path, windowSize: 4096, readWholeLimit: whole ? 1 << 20 : 0)
    try reader.forEachLine { line, number in
      #expect(number == read.count + 1)
      read.append(Array(line))
    }
    #expect(read == LineSplitterTests().lines(bytes, chunk: bytes.count))
    #expect(read.count > 300)
  }

  @Test func readerReportsMissingFileAndDirectory() {
    #expect(throws: InputError.cannotOpen(path: "/nonexistent/iomem", reason: "No such file or directory")) {
      try LineReader(path: "/nonexistent/iomem").forEachLine { _, _ in }
    }
    let directory = NSTemporaryDirectory()
    #expect(throws: InputError.isDirectory(path: directory)) {
      try LineReader(path: directory).forEachLine { _, _ in }
    }
  }
}
