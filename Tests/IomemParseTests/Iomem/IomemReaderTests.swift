import ByteOutput
import IomemParse
import JSONText
import Testing

@Suite struct IomemReaderTests {
  func read(_ text: String) -> IomemDocument { IomemReader.read(text: text, source: "t") }

  @Test func indentationIsTrustedAndVerified() throws {
    let doc = read(
      """
      00000000-0000ffff : PCI Bus 0000:00
        00001000-00001fff : 0000:00:01.0
        00000800-00000fff : 0000:00:02.0
        00000c00-000013ff : 0000:00:03.0
        00010000-00010fff : 0000:00:04.0
      """)
    let dump = try #require(doc.first)
    #expect(dump.nesting == .indentation)
    #expect(dump.roots[0].children.count == 4)
    #expect(doc.diagnostics.filter { $0.code == "iomem.unsorted" }.map(\.line) == [3])
    #expect(doc.diagnostics.filter { $0.code == "iomem.overlap" }.map(\.line) == [4])
    #expect(doc.diagnostics.filter { $0.code == "iomem.outside-parent" }.map(\.line) == [5])
    #expect(
      doc.diagnostic("iomem.outside-parent")!.message.contains("`0000:00:04.0` is not inside its parent"))
  }

  @Test func depthCapOfFiveIsDecidedByContainment() throws {
    // r_show prints depth >= 5 at 10 spaces: a depth-6 child looks like its parent's sibling.
    let doc = read(
      """
      00000000-00ffffff : a
        00000000-000fffff : b
          00000000-0000ffff : c
            00000000-00000fff : d
              00000000-000000ff : e
                00000000-0000000f : f
                00000000-00000003 : g
                00000010-0000001f : h
      """)
    let dump = try #require(doc.first)
    #expect(doc.codes(.error).isEmpty)
    var depths: [String: Int] = [:]
    dump.roots[0].walk { node, depth in depths[node.name] = depth }
    #expect(depths == ["a": 0, "b": 1, "c": 2, "d": 3, "e": 4, "f": 5, "g": 6, "h": 5])
    #expect(dump.kernelText().contains("\n          00000000-00000003 : g\n"))
  }

  @Test func badLinesNameTheirLineAndAreCounted() {
    let doc = read(
      """
      00000000-00000fff : Reserved
      0000zz00-00001fff : not hex
      00003000-00002000 : backwards
      00000000fe0000000a-00000000fe0000000b : fine with leading zeros
      10000000000000000-10000000000000fff : too wide
      00005000-0000
      00006000-00006fff : after the bad ones
      """)
    let bad = doc.diagnostics.filter { $0.code == "iomem.bad-line" }
    #expect(bad.map(\.line) == [2, 3, 5, 6])
    #expect(bad[0].message == "start address `0000zz00` is not hex ('z')")
    #expect(bad[1].message == "end 0x2000 is below start 0x3000")
    #expect(bad[2].message.contains("beyond 64 bits"))
    #expect(bad[3].message.hasPrefix("truncated line"))
    #expect(doc.lines.bad == 4)
    #expect(doc.first?.entryCount == 3)
    #expect(doc.diagnostics.first!.description.hasPrefix("t:2: error: "))
  }

  @Test func messyButValidFormatting() throws {
    let doc = read(
      "00000000-0FFFFFFF : PCI MMCONFIG 0000 [bus 00-ff]  \r\n"
        + "\t00000000-00000fff\t:\tReserved\r\n"
        + "10000000-1fffffff : <BAD>\r\n")
    let dump = try #require(doc.first)
    #expect(dump.nesting == .containment)
    #expect(dump.roots.map(\.name) == ["PCI MMCONFIG 0000 [bus 00-ff]", "<BAD>"])
    #expect(dump.roots[0].kind == .pciECAM)
    #expect(dump.roots[1].kind == .nameless)
    #expect(dump.roots[0].children.first?.name == "Reserved")
  }

  @Test func mailDamageIsRepairedAndReported() throws {
    let doc = read(
      """
      > > 00000000-00000fff : Reserved<br>
      > > 00001000-0009fbff : System=20RAM
      > > 00100000-f7fef=
      > > fff : System RAM
      > >   d7000000-f6ffffff : Crash&nbsp;kernel   // 512M reserved
      > > 100000000-507ffffff : System RAM=
      """)
    let dump = try #require(doc.first)
    #expect(
      dump.kernelText() == """
        00000000-00000fff : Reserved
        00001000-0009fbff : System RAM
        00100000-f7feffff : System RAM
          d7000000-f6ffffff : Crash kernel
        100000000-507ffffff : System RAM

        """)
    // The repair layer undid the mail damage and says so once for the input; the reader itself
    // removed the annotation, on line 5.
    let note = try #require(doc.diagnostics.first { $0.code == "input.repaired" })
    #expect(note.message.hasPrefix("read as quoted-printable, HTML, email quoting"))
    #expect(note.message.contains("2 soft line breaks joined"))
    #expect(note.message.contains("6 prefixes removed"))
    let repairs = doc.diagnostics.filter { $0.code == "iomem.repaired" }
    #expect(repairs.map(\.line) == [5])
    #expect(repairs[0].message.contains("annotation"))
    #expect(dump.roots[2].children[0].provenance.text == "d7000000-f6ffffff : Crash kernel")
    #expect(dump.roots[2].provenance.line == 3)
  }

  @Test func proseAroundDumpsAndSeveralDumpsStayApart() throws {
    let doc = read(
      """
      Before the change:
      # cat /proc/iomem
      00000000-00000fff : Reserved
      00001000-0009ffff : System RAM
      ...
      fe0000000-fffffffff : PCI Bus 0000:00

      00000000-00000fff : Reserved
      00001000-0009ffff : System RAM
      And after, as an ordinary user:
      00000000-00000000 : Reserved
      00000000-00000000 : System RAM
      $ cat /proc/ioports
      0000-0cf7 : PCI Bus 0000:00
        0000-001f : dma1
      """)
    #expect(doc.dumps.map(\.firstLine) == [3, 8, 11])
    #expect(doc.dumps.map(\.lastLine) == [6, 9, 12])
    #expect(doc.dumps[0].entryCount == 3)
    #expect(doc.lines.elisions == 1)
    #expect(doc.diagnostic("iomem.elision")?.line == 5)
    #expect(doc.dumps[2].addressesHidden)
    #expect(!doc.dumps[0].addressesHidden)
    #expect(doc.ioports.count == 1 && doc.ioports[0].firstLine == 14)
    #expect(doc.diagnostic("iomem.ioports")?.line == 14)
    #expect(doc.lines.skippedSpans.spans == [1...2, 10...10, 13...13])
    #expect(doc.lines.ioports == 2)
  }

  @Test func nonRootDumpKeepsIndentationAndJudgesNoOverlap() throws {
    let doc = try IomemReader.read(path: Repo.sample("nonroot-read/iomem"))
    let dump = try #require(doc.first)
    #expect(dump.addressesHidden)
    #expect(dump.roots.count == 13)
    #expect(dump.roots[6].name == "System RAM" && dump.roots[6].children.map(\.name) == ["Crash kernel"])
    #expect(doc.codes(.error).isEmpty)
    #expect(!doc.codes().contains("iomem.overlap"))
    #expect(doc.diagnostic("iomem.addresses-hidden")!.message.contains("sudo cat /proc/iomem"))
  }

  @Test func noIomemIsAnError() {
    let doc = read("[    0.000000] Linux version 6.8.0\nhello\n")
    #expect(doc.dumps.isEmpty)
    #expect(doc.diagnostic("iomem.none")?.severity == .error)
    #expect(doc.lines.skipped == 2)
  }

  @Test func kindsFromNames() {
    #expect(
      ResourceKind(name: "5620E0C7-8062-4dce-aeb7-520c7ef76171")
        == .vmbusDevice("5620e0c7-8062-4dce-aeb7-520c7ef76171"))
    #expect(ResourceKind(name: "2ba2:00:02.0") == .pciDevice("2ba2:00:02.0"))
    #expect(ResourceKind(name: "PCI Bus 0000:00") == .pciBus("0000:00"))
    #expect(ResourceKind(name: "MSFT0101:00") == .pnpDevice("MSFT0101:00"))
    #expect(ResourceKind(name: "efifb") == .firmwareFramebuffer("efifb"))
    #expect(ResourceKind(name: "Local APIC") == .localAPIC)
    #expect(ResourceKind(name: "HPET 0") == .hpet)
    #expect(ResourceKind(name: "nvme") == .other("nvme"))
  }
}

@Suite struct IomemJSONStreamingTests {
  /// The document written whole, and handed out in 64-byte pieces as `parse` streams it.
  static func written(_ doc: IomemDocument) -> (whole: String, pieces: [[UInt8]]) {
    var whole = JSONWriter(pretty: true)
    doc.write(to: &whole)
    var pieces: [[UInt8]] = []
    var streamed = JSONWriter(pretty: true, into: ByteBuffer(capacity: 64) { pieces.append(Array($0)) })
    doc.write(to: &streamed)
    streamed.bytes.flush()
    return (whole.text, pieces)
  }

  @Test(arguments: ["seed-thread/paste.txt", "nonroot-read/iomem", "qemu-kvm/iomem"])
  func streamedJSONIsTheSameDocument(_ sample: String) throws {
    let doc = try IomemReader.read(path: Repo.sample(sample))
    let (whole, pieces) = Self.written(doc)
    #expect(pieces.count > 10)
    #expect(String(decoding: pieces.joined(), as: UTF8.self) == whole)
    // It reads back as the tree the reader built: every entry, in order, with its line.
    let parsed = try JSONParser.parse(whole)
    func entries(_ nodes: [JSONValue]) -> [String] {
      nodes.flatMap { node in
        [
          "\(node["start"]?.stringValue ?? "?")-\(node["end"]?.stringValue ?? "?") \(node["name"]?.stringValue ?? "?") @\(node["line"]?.intValue ?? 0)"
        ]
          + entries(node["children"]?.arrayValue ?? [])
      }
    }
    var want: [String] = []
    for root in doc.first?.roots ?? [] {
      root.walk { node, _ in
        want.append(
          "\(Hex.prefixed(node.range.start))-\(Hex.prefixed(node.range.end)) \(node.name) @\(node.provenance.line)"
        )
      }
    }
    #expect(!want.isEmpty)
    #expect(entries(parsed["resources"]?.arrayValue ?? []) == want)
    #expect(parsed["lines"]?["entries"]?.intValue == doc.lines.entries)
  }

  @Test func streamedJSONWithSeveralDumpsAndNone() throws {
    for (text, dumps) in [
      ("00000000-00000fff : Reserved\n\nafter:\n00000000-00000fff : Reserved\n", 2), ("prose only\n", 0),
    ] {
      let doc = IomemReader.read(text: text, source: "t")
      let (whole, pieces) = Self.written(doc)
      #expect(String(decoding: pieces.joined(), as: UTF8.self) == whole)
      let parsed = try JSONParser.parse(whole)
      #expect(parsed["blocks"]?.arrayValue?.count == dumps)
      #expect(parsed["schema_version"]?.intValue == 2)
    }
  }
}

@Suite struct IomemFuzzFindingTests {
  /// Found by fuzz/run.sh iomem-reader: stray CRs after a name were kept, so printing and
  /// reading back changed the name.
  @Test func carriageReturnsAfterANameAreNotPartOfIt() throws {
    let doc = IomemReader.read(text: "380000000000-3807ffffffff : PCI Bus\r\r\r\r\n", source: "t")
    #expect(doc.first?.roots.first?.name == "PCI Bus")
  }
}

extension IomemFuzzFindingTests {
  /// Found by fuzz/run.sh iomem-reader: without quoted-printable escapes anywhere, a trailing `=`
  /// before a line that stands on its own is part of the name, so printing reads back the same.
  @Test func trailingEqualsIsASoftBreakOnlyInQuotedPrintableText() {
    let plain = IomemReader.read(text: "00000000-00000fff : odd=\n00001000-00001fff : next\n", source: "t")
    #expect(plain.first?.roots.map(\.name) == ["odd=", "next"])
    let mailed = IomemReader.read(
      text: "x =3D y\n00000000-00000fff : Reserved=\n00001000-00001fff : next\n", source: "t")
    #expect(mailed.first?.roots.map(\.name) == ["Reserved", "next"])
  }
}
