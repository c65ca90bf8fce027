import Foundation
import IomemParse
import Testing

@Suite struct LineSplitterTests {
  func lines(_ bytes: [UInt8], chunk: Int) -> [[UInt8]] {
    var out: [[UInt8]] = []
    var splitter = LineSplitter()
    var i = 0
    while i < bytes.count {
      let piece = Array(bytes[i..<min(i + chunk, bytes.count)])
      piece.withUnsafeBytes {
        splitter.feed($0) { line, number in
          #expect(number == out.count + 1)
          out.append(Array(line))
        }
      }
      i += chunk
    }
    splitter.finish { line, _ in out.append(Array(line)) }
    return out
  }

  @Test func splitsTheSameAtEveryChunkSize() {
    let text: [UInt8] = Array("one\r\ntwo\n\nthree\u{0}\n".utf8) + [0xFF, 0x0A] + Array("last".utf8)
    let whole = lines(text, chunk: text.count)
    #expect(
      whole.map { String(decoding: $0, as: UTF8.self) } == [
        "one", "two", "", "three\u{0}", "\u{FFFD}", "last",
      ])
    for chunk in 1...text.count {
      #expect(lines(text, chunk: chunk) == whole, "chunk \(chunk)")
    }
  }

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
    #expect(read == lines(bytes, chunk: bytes.count))
    #expect(read.count > 300)
  }

  @Test func readerReportsMissingFileAndDirectory() {
    #expect(throws: InputError.cannotOpen(path: "/nonexistent/iomem", reason: "No such file or directory")) {
      try LineReader(path: "/nonexistent/iomem").forEachLine { _, _ in }
    }
    #expect(throws: InputError.isDirectory(path: Repo.root)) {
      try LineReader(path: Repo.root).forEachLine { _, _ in }
    }
  }
}
