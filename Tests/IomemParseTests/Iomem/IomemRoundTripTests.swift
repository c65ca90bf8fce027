import IomemParse
import SeededRandom
import Testing

/// Random well-formed trees survive printing, flattening, CRLF and quoting.
@Suite struct IomemRoundTripTests {
  static func randomTree(
    _ range: AddressRange, depth: Int, _ rng: inout SplitMix64, names: inout Int
  ) -> [ResourceNode] {
    guard depth < 8, range.size >= 16 || range.size == 0 else { return [] }
    let count = Int(rng.next() % (depth == 0 ? 8 : 4))
    var nodes: [ResourceNode] = []
    var cursor = range.start
    for _ in 0..<count {
      let remaining = range.end - cursor
      guard remaining >= 4 else { break }
      let gap = rng.next() % (remaining / 4 + 1)
      let start = cursor + gap
      let span = rng.next() % ((range.end - start) / 2 + 1)
      let child = AddressRange(start: start, inclusiveEnd: start + span)!
      names += 1
      let name = ["System RAM", "PCI Bus 0000:00", "Reserved", "0000:00:08.0", "x y : z"][names % 5]
      let prov = Provenance(source: "gen", line: 0, text: "")
      var kids: [ResourceNode] = []
      if rng.next() % 3 == 0 {
        kids = randomTree(child, depth: depth + 1, &rng, names: &names)
      }
      nodes.append(ResourceNode(range: child, name: "\(name) \(names)", children: kids, provenance: prov))
      guard child.end < range.end - 1 else { break }
      cursor = child.end + 1
    }
    return nodes
  }

  @Test(arguments: 0..<40)
  func randomTreesRoundTrip(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    var names = 0
    let whole = AddressRange(start: 0, inclusiveEnd: rng.next() >> (rng.next() % 40))!
    let roots = Self.randomTree(whole, depth: 0, &rng, names: &names)
    guard !roots.isEmpty else { return }
    let dump = IomemDump(
      source: "random", firstLine: 1, lastLine: 1, roots: roots, nesting: .indentation,
      addressesHidden: false, width: 8)
    let printed = dump.kernelText()
    let flat = printed.split(separator: "\n").map { $0.drop { $0 == " " } }.joined(separator: "\n")
    let quotedCRLF = printed.split(separator: "\n").map { "> " + $0 + "\r" }.joined(separator: "\n")
    let tabbed = printed.split(separator: "\n").map { (line: Substring) -> String in
      let spaces = line.prefix { $0 == " " }.count
      return String(repeating: "\t", count: spaces / 2) + String(line.dropFirst(spaces))
    }.joined(separator: "\n")
    for variant in [printed, flat, quotedCRLF, tabbed] {
      let doc = IomemReader.read(text: variant, source: "gen")
      #expect(doc.dumps.count == 1, "seed \(seed)")
      #expect(doc.first?.kernelText() == printed, "seed \(seed)")
      #expect(doc.codes(.error).isEmpty, "seed \(seed)")
    }
  }

  @Test func samplesRoundTrip() throws {
    for sample in [
      "gen1-hyperv-highmmio-vram/iomem", "gen2-azure/iomem", "cvm-azure/iomem", "qemu-kvm/iomem",
    ] {
      let doc = try IomemReader.read(path: Repo.sample(sample))
      let text = try #require(doc.first).kernelText()
      #expect(doc.codes(.error).isEmpty, "\(sample)")
      #expect(IomemReader.read(text: text, source: sample).first?.kernelText() == text)
    }
  }
}
