import ByteInput
import IomemParse
import JSONText
import SeededRandom
import Testing

/// Random logs built from the kernel's own line shapes.
@Suite struct LogPropertyTests {
  static let templates = [
    "[%T] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP",
    "[%T] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M",
    "[%T] Command line: elfcorehdr=0xd6000000 ro reset_devices nr_cpus=1",
    "[%T] hv_vmbus: registering driver hv_pci",
    "[%T] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]",
    "[%T] pci 1c2d:00:02.0: BAR 0 [mem 0xfe8000000-0xfe8003fff 64bit]: assigned",
    "<6>[%T] pci 0000:00:08.0: reg 0x10: [mem 0xf8000000-0xfbffffff]",
    "Nov 24 10:00:00 vm kernel: efifb: framebuffer at 0x40000000, using 3072k, total 3072k",
    "[%T] random: crng init done",
    "[%T] EXT4-fs (sda1): mounted filesystem",
    "[  OK  ] Started Journal Service.",
    "\u{1B}[0;32m[%T] hv_vmbus: Vmbus version:5.3\u{1B}[0m\r",
    "6,100,%U,-;hv_pci 7b1e3f0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b: Retrying D0 Entry",
  ]

  static func randomLog(_ rng: inout SplitMix64, lines: Int, templates: [String] = templates) -> String {
    var t = 0.0
    var out: [String] = []
    for _ in 0..<lines {
      t += Double(rng.next() % 1000) / 1000
      if rng.next() % 40 == 0 { t = 0 }
      let template = templates[Int(rng.next() % UInt64(templates.count))]
      let stamp = String(format6: t)
      out.append(
        template.replacingAll("%T", with: String(repeating: " ", count: max(0, 12 - stamp.count)) + stamp)
          .replacingAll("%U", with: String(Int(t * 1_000_000))))
    }
    return out.joined(separator: "\n") + "\n"
  }

  static func read(_ bytes: [UInt8], cuts: [Int]) -> KernelLog {
    var reader = KernelLogReader(source: "gen")
    var splitter = LineSplitter()
    var start = 0
    bytes.withByteView { all in
      for cut in cuts.sorted() + [bytes.count] {
        splitter.feed(all.extracting(start..<cut)) { reader.feed($0, line: $1) }
        start = cut
      }
    }
    splitter.finish { reader.feed($0, line: $1) }
    return reader.finish()
  }

  @Test(arguments: 0..<30)
  func splittingAtAnyByteGivesTheSameEvents(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let bytes = Array(Self.randomLog(&rng, lines: 60).utf8)
    let whole = Self.read(bytes, cuts: [])
    let cuts = (0..<Int(rng.next() % 8 + 1)).map { _ in Int(rng.next() % UInt64(bytes.count)) }
    let split = Self.read(bytes, cuts: cuts)
    #expect(whole.events.map(\.provenance) == split.events.map(\.provenance), "seed \(seed) cuts \(cuts)")
    #expect(whole.boots.map(\.role) == split.boots.map(\.role))
    #expect(whole.lines == split.lines)
    #expect(!whole.events.isEmpty)
  }

  @Test(arguments: 0..<30)
  func insertingProseChangesNoBootOrRole(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let log = Self.randomLog(&rng, lines: 60)
    let prose = [
      "Since the required mmio size is larger, see below.", "> quoted reply text here.", "Thanks,",
      "# cat /proc/iomem",
    ]
    var lines = log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var inserted = 0
    for i in stride(from: lines.count - 1, through: 1, by: -1) where rng.next() % 4 == 0 {
      lines.insert(prose[Int(rng.next() % UInt64(prose.count))], at: i)
      inserted += 1
    }
    let before = KernelLogReader.read(text: log, source: "gen")
    let after = KernelLogReader.read(text: lines.joined(separator: "\n"), source: "gen")
    #expect(before.boots.map(\.role) == after.boots.map(\.role), "seed \(seed)")
    #expect(before.boots.map(\.start) == after.boots.map(\.start))
    #expect(before.events.map(\.kind.name) == after.events.map(\.kind.name))
    #expect(after.lines.nonKernel == before.lines.nonKernel + inserted)
  }
}

extension String {
  func replacingAll(_ target: String, with replacement: String) -> String {
    var out = ""
    var rest = Substring(self)
    while let r = rest.firstRange(of: target) {
      out += rest[..<r.lowerBound] + replacement
      rest = rest[r.upperBound...]
    }
    return out + rest
  }

  init(format6 value: Double) {
    let micros = Int((value * 1_000_000).rounded())
    let frac = String(micros % 1_000_000)
    self = "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - frac.count) + frac
  }
}

@Suite struct StreamingBootTests {
  /// Handing boots out as soon as their role is decided gives exactly the boots kept whole.
  @Test(arguments: 0..<20)
  func streamedBootsEqualKeptBoots(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let text = LogPropertyTests.randomLog(&rng, lines: 200)
    let kept = KernelLogReader.read(text: text, source: "gen")
    var streamed: [KernelBoot] = []
    var reader = KernelLogReader(source: "gen")
    reader.onBoot = { streamed.append($0) }
    var splitter = LineSplitter()
    Array(text.utf8).withByteView { splitter.feed($0) { reader.feed($0, line: $1) } }
    splitter.finish { reader.feed($0, line: $1) }
    let log = reader.finish()
    #expect(log.boots.isEmpty)
    #expect(log.bootCount == kept.bootCount)
    #expect(streamed.map(\.index) == kept.boots.filter { $0.messages > 0 }.map(\.index))
    #expect(streamed.map(\.role) == kept.boots.filter { $0.messages > 0 }.map(\.role), "seed \(seed)")
    #expect(streamed.flatMap(\.events).map(\.provenance) == kept.events.map(\.provenance))
    #expect(streamed.flatMap(\.events).map(\.boot) == kept.events.map(\.boot))
  }
}

@Suite struct StreamingEventTests {
  /// Line shapes that settle or leave open a boot's role and its driver registrations.
  static let templates =
    LogPropertyTests.templates + [
      "[%T] Run /init as init process",
      "[%T] Freeing unused kernel image (initmem) memory: 4096K",
      "[%T] hv_vmbus: registering driver hyperv_drm",
      "[%T] Kernel command line: BOOT_IMAGE=/vmlinuz ro quiet",
      "[%T] Command line: ro crashkernel=256M elfcorehdr=0x1000",
      "[%T] Kernel panic - not syncing: sysrq triggered crash",
    ]

  /// What `onEvent` hands out, as NDJSON with the role it came with, and how many events had
  /// been handed out before the input ended.
  static func streamed(_ text: String, source: String) -> (events: [String], early: Int) {
    var events: [String] = []
    var reader = KernelLogReader(source: source)
    reader.onEvent = { event, role in
      var out = JSONWriter(pretty: false)
      event.write(role: role, to: &out)
      events.append(out.text)
    }
    var splitter = LineSplitter()
    Array(text.utf8).withByteView { splitter.feedBlocks($0) { reader.feed(block: $0, firstLine: $1) } }
    splitter.finishBlocks { reader.feed(block: $0, firstLine: $1) }
    let early = events.count
    let log = reader.finish()
    #expect(log.boots.isEmpty)
    return (events, early)
  }

  /// The events of the boots read whole, each with its boot's final role, as NDJSON.
  static func kept(_ text: String, source: String) -> [String] {
    let log = KernelLogReader.read(text: text, source: source)
    return log.boots.flatMap { boot in
      boot.events.map { event in
        var out = JSONWriter(pretty: false)
        event.write(role: boot.role, to: &out)
        return out.text
      }
    }
  }

  /// Events handed out while the log is read carry the role and the registration flags the
  /// whole log gives them, in the same order, whatever the input is named.
  @Test(arguments: 0..<30)
  func streamedEventsEqualKeptEvents(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let text = LogPropertyTests.randomLog(&rng, lines: 300, templates: Self.templates)
    for source in ["serial.log", "kexec-dmesg.log", "vmcore-dmesg.txt"] {
      let kept = Self.kept(text, source: source)
      #expect(Self.streamed(text, source: source).events == kept, "seed \(seed) \(source)")
      #expect(!kept.isEmpty)
    }
  }

  /// A boot whose command line has `crashkernel=` is a first kernel whatever follows, so once its
  /// init marker has settled the registrations before it, its events go out as they are read
  /// (each one line late: a message is held a line for a wrapped continuation).
  @Test func settledBootStreamsBeforeTheEnd() {
    let text = """
      [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP
      [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M
      [    0.294018] hv_vmbus: registering driver hv_pci
      [    1.000000] Run /init as init process
      [    2.000000] hv_vmbus: registering driver hyperv_drm
      [    3.000000] random: crng init done

      """
    let (events, early) = Self.streamed(text, source: "dmesg.txt")
    #expect(early == 5)
    #expect(events == Self.kept(text, source: "dmesg.txt"))
    #expect(events[2].contains(#""after_init":false"#))
    #expect(events[4].contains(#""after_init":true"#))
  }

  /// Without `crashkernel=` or `elfcorehdr=` the role waits for the next boot (a kdump boot
  /// after it makes it the first kernel), so nothing goes out before the end.
  @Test func unsettledBootWaitsForTheEnd() {
    let text = """
      [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP
      [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro
      [    1.000000] Run /init as init process
      [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP
      [    0.000000] Command line: ro elfcorehdr=0x1000
      [    0.100000] random: crng init done

      """
    let (events, early) = Self.streamed(text, source: "serial.log")
    #expect(early == 5)
    #expect(events.prefix(3).allSatisfy { $0.contains(#""role":"first""#) })
    let (alone, aloneEarly) = Self.streamed(
      text.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n", source: "serial.log")
    #expect(aloneEarly == 0)
    #expect(alone.count == 3 && alone.allSatisfy { $0.contains(#""role":"unknown""#) })
  }
}
