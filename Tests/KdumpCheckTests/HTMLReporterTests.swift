import Foundation
import IomemParse
import Testing

@testable import KdumpCheck

/// The HTML report: escaping by construction, and a document whose structure follows the report.
@Suite struct HTMLReporterTests {
  static let hostile = [#"<script>alert(1)</script>"#, #""><img src=x onerror=alert(1)>"#, "&amp;", "&gt;"]

  @Test func theWriterEscapesTextAndAttributes() {
    var w = HTMLWriter()
    for h in Self.hostile { w.element("p", [("data-owner", h), ("title", h)], h) }
    #expect(!w.output.contains("<script") && !w.output.contains("<img"))
    #expect(w.output.contains("data-owner=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""))
    #expect(w.output.contains(">&amp;amp;</p>") && w.output.contains(">&amp;gt;</p>"))
  }

  @Test func everyTextAndAttributeFromTheInputIsEscaped() throws {
    // A log whose file name and lines, and a dump whose names, carry markup, entities and
    // invalid UTF-8. (One entity per file: two would make the repair layer read it as HTML.)
    let dir = NSTemporaryDirectory() + "iomem-audit-html-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let logName = "kexec-dmesg\(Self.hostile[1]).log"
    var log = Data(
      """
      [    0.000000] Command line: elfcorehdr=0x3d000000 ro reset_devices
      [    2.100000] hv_pci c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d: PCI Pass-through VSP failed D0 Entry with status c0370048 \(Self.hostile[2])
      """.utf8)
    log.append(contentsOf: [0x20, 0xFF, 0xFE, 0x0A])
    try log.write(to: URL(fileURLWithPath: dir + "/" + logName))
    let iomem =
      "40000000-407fffff : \(Self.hostile[0])\n40400000-40801fff : \(Self.hostile[1]) \(Self.hostile[3])\n"
    try Data(iomem.utf8).write(to: URL(fileURLWithPath: dir + "/iomem"))
    let files = try [logName, "iomem"].map { try CaptureFile.read(path: dir + "/" + $0) }
    let page = HTMLReporter.render(CheckReport(capture: Capture(files: files)))
    #expect(!page.contains("<script"))
    #expect(!page.contains("<img"))
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
    #expect(page.contains("&amp;amp;") && page.contains("&amp;gt;"))
    #expect(page.contains("\u{FFFD}"))
    // In attribute values too: the file name reaches the map's aria-label.
    #expect(page.contains("aria-label=\"incident 1:") && page.contains("kexec-dmesg&quot;&gt;&lt;img"))
    // The page loads nothing and runs nothing.
    #expect(page.contains("default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;"))
    #expect(!page.contains("src=\"http") && !page.contains("href=\"http"))
  }

  @Test func eachFindingAndEachClaimHasItsPlace() throws {
    let report = CheckReport(capture: try Repo.sampleCapture("gen1-hyperv-highmmio-vram"))
    let page = HTMLReporter.render(report)
    let vm = try #require(report.vms.first)
    #expect(!vm.findings.isEmpty)
    for (n, f) in vm.findings.enumerated() {
      #expect(page.contains("id=\"finding-\(n + 1)\" data-rule=\"\(f.rule)\""), "\(f.rule)")
      if !f.ranges.isEmpty {
        #expect(
          page.contains(
            "<a href=\"#finding-\(n + 1)\"><rect class=\"hatch\" data-finding=\"finding-\(n + 1)\""))
      }
    }
    let capture = vm.capture
    let pair = try #require(capture.pairs.first)
    for g in [capture.graphs[pair.first], capture.graphs[pair.kdump]] {
      for claim in g.claims
      where [ClaimKind.videoVRAM, .hvPciBusWindow, .gen1FramebufferBar, .crashKernel].contains(claim.kind) {
        let region =
          "data-kind=\"\(claim.kind.rawValue)\" data-start=\"0x\(String(claim.range.start, radix: 16))\" data-end=\"0x\(String(claim.range.end, radix: 16))\""
        #expect(page.contains(region), "\(g.label): \(claim.kind) \(claim.range.hex)")
        #expect(
          page.contains("data-certainty=\"\(claim.certainty.rawValue)\" data-kernel=\"\(g.role.rawValue)\""))
      }
    }
    // A click on a box opens its row: owner, size and the lines it rests on.
    let vram = try #require(capture.graphs[pair.first].claims.first { $0.kind == .videoVRAM })
    let box = try #require(
      page.firstMatch(
        of: try Regex(
          ##"<a href="#([^"]+)"><g class="region k-video_vram[^>]*data-start="0x"##
            + String(vram.range.start, radix: 16)))
    )
    let rowID = try #require(box.output[1].substring)
    let row = try #require(page.firstMatch(of: try Regex("<tr id=\"\(rowID)\".*?</tr>"))?.output[0].substring)
    #expect(row.contains(vram.range.hex) && row.contains(ByteSize.human(vram.range.size)))
    #expect(row.contains(vram.owner.description))
    for line in vram.provenance { #expect(row.contains("\(line)"), "\(line)") }
    // Each kind drawn has its swatch and meaning in the legend; a finding's tag names its rule.
    for kind in Set(capture.graphs.flatMap { $0.claims.map(\.kind) })
    where AddressMap.shownKinds.contains(kind) {
      #expect(page.contains("<li data-kind=\"\(kind.rawValue)\"><svg class=\"swatch\""), "\(kind)")
    }
    #expect(page.contains("◀ 1. \(vm.findings[0].rule) error</text>"))
    // The 4 GiB line is marked, and the high-MMIO VRAM has a box tall enough for its label.
    #expect(page.contains("class=\"four-gib\""))
    #expect(page.contains(">video vram 128 MiB"))
  }

  /// Every sample: each claim the map shows of each kernel it draws has its region, and each
  /// finding with ranges has its hatch linked to it.
  @Test(arguments: SampleExpectationTests.samples)
  func everySampleDrawsItsClaims(_ name: String) throws {
    let report = CheckReport(capture: try Repo.sampleCapture(name))
    let page = HTMLReporter.render(report)
    let vm = try #require(report.vms.first)
    let capture = vm.capture
    let drawn =
      capture.pairs.isEmpty
      ? capture.graphs.filter { !$0.claims.isEmpty }
      : capture.pairs.flatMap { [capture.graphs[$0.first], capture.graphs[$0.kdump]] }
    let shown: Set<ClaimKind> = [
      .crashKernel, .videoVRAM, .hvPciConfigWindow, .hvPciBusWindow, .framebufferReservation,
    ]
    for g in drawn {
      for claim in g.claims where shown.contains(claim.kind) {
        let region =
          "data-kind=\"\(claim.kind.rawValue)\" data-start=\"0x\(String(claim.range.start, radix: 16))\" data-end=\"0x\(String(claim.range.end, radix: 16))\""
        #expect(page.contains(region), "\(name): \(g.label) \(claim.kind) \(claim.range.hex)")
      }
    }
    for (n, f) in vm.findings.enumerated() where !f.ranges.isEmpty {
      #expect(page.contains("data-finding=\"finding-\(n + 1)\""), "\(name): \(f.rule)")
    }
  }

  /// The fleet index carries one script, admitted by its hash alone; a VM's page has none.
  @Test func theIndexRunsOnlyItsOwnScriptByItsHash() throws {
    let captures = try ["gen1-hyperv-highmmio-vram", "gen2-azure"].map { try Repo.sampleCapture($0) }
    let site = HTMLReporter.site(CheckReport(captures: captures, baseline: [], fleet: true))
    let index = try #require(site.first { $0.file == "index.html" }?.html)
    // The attribute as the browser reads it (the writer escapes its quotes).
    let policy = try #require(index.firstMatch(of: /content="(default-src[^"]*)"/)?.1)
      .replacingOccurrences(of: "&#39;", with: "'")
    let hashes = policy.matches(of: /'sha256-([A-Za-z0-9+\/=]+)'/).map { String($0.1) }
    let scripts = index.matches(of: /<script>(.*?)<\/script>/.dotMatchesNewlines()).map { String($0.1) }
    #expect(scripts.count == 1)
    #expect(hashes == scripts.map(Self.sha256Base64), "the CSP hash is not the script's")
    #expect(policy.hasPrefix("default-src 'none';"))
    let scriptSources = policy.split(separator: ";").first { $0.contains("script-src") } ?? ""
    #expect(scriptSources.split(separator: " ").dropFirst().allSatisfy { $0.hasPrefix("'sha256-") })
    // The rows the script sorts and filters carry what it reads.
    #expect(index.contains("data-verdict=\"broken\" data-rules=\"KD001"))
    #expect(index.contains("data-sort=\"-3\">broken</td>"))
    for page in site where page.file != "index.html" {
      #expect(!page.html.contains("<script"), "\(page.file)")
      #expect(!page.html.contains("script-src"), "\(page.file)")
    }
  }

  /// SHA-256, base64, from coreutils' `sha256sum`: an oracle outside the code under test.
  static func sha256Base64(_ text: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    guard (try? process.run()) != nil else { return "sha256sum did not run" }
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    let hex = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
    process.waitUntilExit()
    var bytes: [UInt8] = []
    var digits = hex.makeIterator()
    while let a = digits.next(), let b = digits.next(), let byte = UInt8(String([a, b]), radix: 16) {
      bytes.append(byte)
    }
    return Data(bytes).base64EncodedString()
  }
}
