import ByteInput
import JSONText
import SeededRandom
import Testing

@testable import IomemParse

/// The block reader counts plain `[ seconds ] message` lines in place, a run at a time, and sends
/// every other line through the framer. Both frame a line by `PrintkFrame`; what this checks is
/// the rest of the block path — runs counted in place, time order within and across runs, cuts
/// between blocks, pieces scanned on other threads, events recognised ahead — against reading
/// the same input line by line.
@Suite struct BlockPathTests {
  /// Line shapes on both sides of the plain-line test: caller ids, journal hosts, device
  /// prefixes that are no event, first words past 32 bytes, other stamp widths, time going
  /// backwards, escape codes, CRLF, continuations and a kmsg record with its dictionary.
  static let templates =
    LogPropertyTests.templates + [
      "[%T] pci 0000:00:01.0: enabling device (0000 -> 0002)",
      "[%T] nvme nvme0: 8/0/0 default/read/poll queues",
      "[%T][    T1] hv_vmbus: registering driver hyperv_drm",
      "[%T] [    C3] random: crng init done",
      "[%T] vm-host kernel: hv_vmbus: Vmbus version:5.3",
      "[%T] vm-host systemd[1]: Started Journal Service.",
      "[%T] vm-host sshd: accepted",
      "[%T] averyveryveryverylongfirstwordwithoutanyend here",
      "[%T] averyveryveryverylongfirstwordwithoutanyendatall: here",
      "[%T] averyveryveryverylongfirstword:withcolon here",
      "[%T] sd 0:0:0:0: [sda] 62914560 512-byte logical blocks",
      "[%T]",
      "[%T] ",
      "[%T]no space after the stamp",
      "[    1.5] three-digit fraction? no: one digit",
      "[    2.123] kernel: three digits",
      "[ 3.123456789] nine digits",
      "[   12.34567] five digits",
      "[ 11.492075] collapsed spaces",
      "[00004.000000] leading zeros",
      "[    4.000000 missing bracket",
      "[    4.0000x0] not a digit",
      "[    0.000001] timestamp far back",
      "[%T] workqueue: hogged CPU\r",
      "[%T] Command line: BOOT_IMAGE=/vmlinuz ro",
      "  crashkernel=512M elfcorehdr=0x1000",
      "6,339,5140900,-;pci 0000:00:08.0: BAR 0 [mem 0xf8000000-0xfbffffff]: assigned",
      " SUBSYSTEM=pci",
      "[%T] \u{1B}[1mbold\u{1B}[0m message",
      "",
    ]

  static func randomLog(_ rng: inout SplitMix64, lines: Int) -> [UInt8] {
    Array(LogPropertyTests.randomLog(&rng, lines: lines, templates: templates).utf8)
  }

  /// Line by line through `feed(_:line:)`, the framer's path for every line.
  static func lineByLine(_ bytes: [UInt8]) -> KernelLog {
    var reader = KernelLogReader(source: "gen")
    var splitter = LineSplitter()
    bytes.withByteView { splitter.feed($0) { reader.feed($0, line: $1) } }
    splitter.finish { reader.feed($0, line: $1) }
    return reader.finish()
  }

  /// Block by block, cut at the given bytes as a reader's chunks would be, each block scanned
  /// in `parts` pieces on as many threads.
  static func byBlocks(_ bytes: [UInt8], cuts: [Int], parts: Int? = nil) -> KernelLog {
    var reader = KernelLogReader(source: "gen")
    reader.scanPieces = parts
    var splitter = LineSplitter()
    var start = 0
    bytes.withByteView { all in
      for cut in cuts.sorted() + [bytes.count] where cut >= start {
        splitter.feedBlocks(all.extracting(start..<cut)) {
          reader.feed(block: $0, firstLine: $1)
        }
        start = cut
      }
    }
    splitter.finishBlocks { reader.feed(block: $0, firstLine: $1) }
    return reader.finish()
  }

  /// An event as NDJSON: every typed field, so a kind recognised ahead must match in full.
  static func json(_ event: LogEvent) -> String {
    var out = JSONWriter(pretty: false)
    event.write(role: .unknown, to: &out)
    return out.text
  }

  static func expectSame(_ a: KernelLog, _ b: KernelLog, _ context: String) {
    #expect(a.lines == b.lines, "\(context)")
    #expect(a.bootCount == b.bootCount, "\(context)")
    #expect(a.boots.map(\.start) == b.boots.map(\.start), "\(context)")
    #expect(a.boots.map(\.role) == b.boots.map(\.role), "\(context)")
    #expect(a.boots.map(\.firstLine) == b.boots.map(\.firstLine), "\(context)")
    #expect(a.boots.map(\.lastLine) == b.boots.map(\.lastLine), "\(context)")
    #expect(a.boots.map(\.messages) == b.boots.map(\.messages), "\(context)")
    #expect(a.boots.map(\.unrecognizedMessages) == b.boots.map(\.unrecognizedMessages), "\(context)")
    #expect(a.events.map(\.provenance) == b.events.map(\.provenance), "\(context)")
    #expect(a.events.map(json) == b.events.map(json), "\(context)")
    #expect(a.events.map(\.time) == b.events.map(\.time), "\(context)")
    #expect(a.diagnostics.map(\.description) == b.diagnostics.map(\.description), "\(context)")
  }

  @Test(arguments: 0..<40)
  func blocksReadLikeLines(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let bytes = Self.randomLog(&rng, lines: 300)
    let cuts = (0..<Int(rng.next() % 6)).map { _ in Int(rng.next() % UInt64(bytes.count)) }
    let lines = Self.lineByLine(bytes)
    Self.expectSame(lines, Self.byBlocks(bytes, cuts: cuts), "seed \(seed) cuts \(cuts)")
    // The generated log holds plain lines, so the block path was taken, not only the framer.
    #expect(lines.lines.unrecognizedMessages > 0)
  }

  /// Scanned in several parts on several threads, a block reads as it does line by line,
  /// whichever lines the cuts fall on.
  @Test(arguments: [2, 3, 7])
  func partsReadLikeLines(parts: Int) {
    var rng = SplitMix64(seed: UInt64(parts))
    let bytes = Self.randomLog(&rng, lines: 3000)
    Self.expectSame(Self.lineByLine(bytes), Self.byBlocks(bytes, cuts: [], parts: parts), "parts \(parts)")
  }

  @Test(arguments: [
    "seed-thread/paste.txt", "gen1-hyperv-highmmio-vram/serial-console.log", "gen2-azure/serial-console.log",
    "gen2-azure-d0-failure/kexec-dmesg.log", "gen2-azure-d0-failure/vmcore-dmesg.txt",
    "hv-pci-builtin/serial-console.log", "cvm-azure/dmesg.txt", "no-crashkernel/dmesg.txt",
    "gen1-passthrough-in-fb-bar/dmesg.txt",
  ])
  func samplesReadLikeLines(path: String) throws {
    var bytes: [UInt8] = []
    try LineReader(path: Repo.sample(path)).forEachLine { line, _ in bytes += Array(line) + [0x0A] }
    Self.expectSame(Self.lineByLine(bytes), Self.byBlocks(bytes, cuts: [bytes.count / 3]), path)
  }

  /// Lines are checked against the stamp layout of the line before them and ordered by their
  /// bytes: stamps of every width near each other, padded with spaces or zeros, a byte off in
  /// the digits or the punctuation, time stepping forward and back by a microsecond or a digit's
  /// carry — the block path must still start each boot where the line path does.
  @Test(arguments: 0..<20)
  func stampLayoutsReadLikeLines(seed: UInt64) {
    var rng = SplitMix64(seed: 100 + seed)
    var t: UInt64 = [9_999_990, 99_999_990, 99_999_999_990][Int(rng.next() % 3)]
    var lines: [String] = []
    for _ in 0..<400 {
      switch rng.next() % 8 {
      case 0: t &-= min(t, rng.next() % 3)
      case 1: t = rng.next() % 2 == 0 ? t : t / 10
      default: t += rng.next() % 4
      }
      let whole = String(t / 1_000_000)
      let micros = String(t % 1_000_000)
      let fraction = String(repeating: "0", count: 6 - micros.count) + micros
      let pad = max(0, 5 - whole.count)
      let stamp: String
      switch rng.next() % 10 {
      case 0: stamp = "[" + whole + "." + fraction + "]"
      case 1: stamp = "[" + String(repeating: "0", count: pad) + whole + "." + fraction + "]"
      case 2: stamp = "[ " + whole + "." + fraction + "]"
      case 3: stamp = "[" + String(repeating: " ", count: pad) + whole + "," + fraction + "]"
      case 4: stamp = "[" + String(repeating: " ", count: pad) + whole + "." + fraction + "}"
      case 5: stamp = "[" + String(repeating: " ", count: pad) + whole + "." + fraction.dropLast() + "]"
      default: stamp = "[" + String(repeating: " ", count: pad) + whole + "." + fraction + "]"
      }
      let message = ["random: crng init done", "x", "", "[sda] cache", "nvme nvme0: 8/0/0"][
        Int(rng.next() % 5)]
      lines.append(rng.next() % 7 == 0 ? stamp + message : stamp + " " + message)
    }
    let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
    let cuts = [Int(rng.next() % UInt64(bytes.count))]
    Self.expectSame(Self.lineByLine(bytes), Self.byBlocks(bytes, cuts: cuts), "seed \(seed)")
    Self.expectSame(Self.lineByLine(bytes), Self.byBlocks(bytes, cuts: [], parts: 3), "seed \(seed) in parts")
  }

  /// Stamps read eight bytes at a time keep every microsecond: the boot rule's thresholds (a
  /// step back of at least a second, to at most half the last time) decide to the microsecond.
  @Test func stampsKeepEveryMicrosecond() {
    let lines = [
      "[    0.000000] a", "[    2.000000] a", "[    1.000000] a", "[    2.000000] a", "[    1.000001] a",
      "[ 9993.582247] a", "[ 4996.791123] a", "[ 9993.582247] a", "[ 4996.791124] a", "[123456.999999] a",
      "[ 11.492075] a", "[    2.5] a", "[    3.123456789] a", "[    3.123456788] a",
    ]
    let text = lines.joined(separator: "\n") + "\n"
    let log = KernelLogReader.read(text: text, source: "t")
    #expect(log.lines.kernelMessages == lines.count)
    #expect(log.lines.unrecognizedMessages == lines.count)
    #expect(log.boots.map(\.firstLine) == [1, 3, 7, 11, 12])
    #expect(log.boots.dropFirst().allSatisfy { $0.start == .timestampWentBackwards })
  }
}
